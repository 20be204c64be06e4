"""The Python params are the Java params: generated from them, and checked against them here."""
import importlib.util
import os

import pytest
from pyspark.ml.param import TypeConverters

import descent_spark
from descent_spark import _params

TOOLS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "tools", "generate_params.py")
WRAPPERS = [descent_spark.LinearClassifier, descent_spark.LinearClassificationModel,
            descent_spark.LinearRegressor, descent_spark.LinearRegressionModel,
            descent_spark.MLPClassifier, descent_spark.MLPClassificationModel,
            descent_spark.MLPRegressor, descent_spark.MLPRegressionModel]


def _generator():
    spec = importlib.util.spec_from_file_location("generate_params", TOOLS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _java_stage(spark, java_class):
    constructor = spark.sparkContext._jvm
    for part in java_class.split("."):
        constructor = getattr(constructor, part)
    return constructor()


def test_generated_params_are_current(spark):
    generator = _generator()
    with open(_params.__file__) as f:
        committed = f.read()
    assert generator.render(spark.sparkContext._jvm) == committed, (
        "descent_spark/_params.py differs from the Java stages' params: run "
        "python python/tools/generate_params.py --jar <library jar> and commit the result")


def test_every_wrapped_stage_is_generated():
    assert {cls._java_class for cls in WRAPPERS} == set(_generator().STAGES)


@pytest.mark.parametrize("cls", WRAPPERS, ids=lambda c: c.__name__)
def test_every_java_param_is_a_typed_documented_python_param(spark, cls):
    java = _java_stage(spark, cls._java_class)
    python = cls() if not cls.__name__.endswith("Model") else cls(None)
    python_params = {p.name: p for p in python.params}
    java_names = {p.name() for p in java.params()}
    java_setters = {m.getName() for m in java.getClass().getMethods()
                    if m.getName().startswith("set") and m.getParameterCount() == 1}
    missing = sorted(java_names - set(python_params))
    assert not missing, f"{cls.__name__} lacks the Java params {missing}"
    assert sorted(set(python_params) - java_names) == []
    for jp in java.params():
        p = python_params[jp.name()]
        assert p.doc == jp.doc(), jp.name()
        assert p.typeConverter is not TypeConverters.identity, jp.name()
        setter = "set" + jp.name()[0].upper() + jp.name()[1:]
        assert hasattr(python, setter) == (setter in java_setters), setter
        default = java.getDefault(jp)
        if default.isDefined():
            assert python.hasDefault(p), jp.name()
        else:
            assert not python.hasDefault(p), jp.name()


def test_unknown_param_names_are_errors():
    with pytest.raises(TypeError, match="no param learningRat;.*learningRate"):
        descent_spark.LinearClassifier(learningRat=0.1)


def test_values_are_converted_and_validated_in_java(spark, binary):
    clf = descent_spark.LinearClassifier(maxIter=1, batchSize=0)
    assert clf.getMaxIter() == 1 and clf.getBatchSize() == 0
    with pytest.raises(Exception, match="batchSize"):
        clf.fit(binary)
    with pytest.raises(TypeError):
        descent_spark.LinearClassifier(maxIter="many")
