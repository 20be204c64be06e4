"""The Python params are the Java params: generated from them, and checked against them here."""
import importlib.util
import inspect
import os
from typing import List, Optional, get_args

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


def test_values_are_converted_and_validated_in_java(spark, binary):
    clf = descent_spark.LinearClassifier(maxIter=1, batchSize=0)
    assert clf.getMaxIter() == 1 and clf.getBatchSize() == 0
    with pytest.raises(Exception, match="batchSize"):
        clf.fit(binary)
    with pytest.raises(TypeError):
        descent_spark.LinearClassifier(maxIter="many")


ESTIMATORS = [cls for cls in WRAPPERS if not cls.__name__.endswith("Model")]
# A value of each Python type of the generated signatures, to set every param at once.
VALUES = {str: "x", int: 3, float: 0.25, bool: True, List[int]: [2, 1],
          List[float]: [0.5, 0.5], List[str]: ["x"]}


def _keywords(method):
    parameters = list(inspect.signature(method).parameters.values())
    assert parameters[0].name == "self"
    return parameters[1:]


@pytest.mark.parametrize("method", ["__init__", "setParams"])
@pytest.mark.parametrize("cls", ESTIMATORS, ids=lambda c: c.__name__)
def test_estimator_signatures_are_keyword_only_typed_and_documented(spark, cls, method):
    java_params = sorted(_java_stage(spark, cls._java_class).params(), key=lambda p: p.name())
    keywords = _keywords(getattr(cls, method))
    assert [k.name for k in keywords] == [p.name() for p in java_params]
    doc = " ".join(inspect.getdoc(getattr(cls, method)).split())
    for k, jp in zip(keywords, java_params):
        assert k.kind is inspect.Parameter.KEYWORD_ONLY and k.default is None, k.name
        py_type = _generator().TYPES[jp.getClass().getName()][0]
        assert k.annotation == Optional[eval(py_type, {"List": List})], k.name
        assert f"{k.name} : {py_type}, " in doc, k.name
        assert " ".join(jp.doc().split()) in doc, k.name


@pytest.mark.parametrize("cls", ESTIMATORS, ids=lambda c: c.__name__)
def test_the_constructor_setParams_and_the_setters_set_the_same(cls):
    values = {k.name: VALUES[get_args(k.annotation)[0]] for k in _keywords(cls.__init__)}
    by_setters = cls()
    for name, value in values.items():
        getattr(by_setters, "set" + name[0].upper() + name[1:])(value)
    expected = {p.name: v for p, v in by_setters.extractParamMap().items()}
    assert all(by_setters.isSet(name) for name in values)
    for stage in (cls(**values), cls().setParams(**values)):
        assert {p.name: v for p, v in stage.extractParamMap().items()} == expected
        assert all(stage.isSet(name) for name in values)


@pytest.mark.parametrize("cls", ESTIMATORS, ids=lambda c: c.__name__)
def test_params_left_at_none_stay_unset(cls):
    names = [k.name for k in _keywords(cls.__init__)]
    stage = cls(maxIter=7, weightDecay=None)
    assert [n for n in names if stage.isSet(n)] == ["maxIter"]
    assert not stage.hasDefault("weightDecay")  # unset means: depends on the optimizer
    assert stage.setParams(maxIter=None, weightCol=None, tol=1e-3) is stage
    assert [n for n in names if stage.isSet(n)] == ["maxIter", "tol"]
    assert stage.getMaxIter() == 7


@pytest.mark.parametrize("cls", ESTIMATORS, ids=lambda c: c.__name__)
def test_unknown_or_positional_arguments_are_type_errors(cls):
    with pytest.raises(TypeError, match=r"no param learningRat;.*'learningRate'"):
        cls(learningRat=0.1)
    with pytest.raises(TypeError, match=r"no param bogus, maxIters;.*'maxIter'"):
        cls().setParams(maxIters=1, bogus=2)
    with pytest.raises(TypeError, match="positional"):
        cls(1)
    with pytest.raises(TypeError, match="positional"):
        cls().setParams(1)
