"""The wrappers under their Java class names. PySpark finds the Python class of a Java stage by
its Java class name (PipelineModel.load, CrossValidatorModel, Connect's reader of pipelines):
this module, in the implicit namespace package ``dev``, is where it looks."""
from descent_spark.classification import (LinearClassificationModel, LinearClassifier,
                                          MLPClassificationModel, MLPClassifier)

__all__ = ["LinearClassifier", "LinearClassificationModel", "MLPClassifier",
           "MLPClassificationModel"]
