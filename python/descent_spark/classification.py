"""Python wrappers of dev.descent.spark.ml.classification."""
from typing import Any

from pyspark.ml.linalg import DenseMatrix, DenseVector, Matrix, Vector

from descent_spark._params import (_LinearClassificationModelParams, _LinearClassifierEstimator,
                                   _MLPClassificationModelParams, _MLPClassifierEstimator)
from descent_spark._stages import (DescentClassificationModel, LinearModelMixin,
                                   WarmStartMixin)
from descent_spark._connect import number
from descent_spark._wrapper import (ClassificationSummary, ClassificationTrainingSummary,
                                    DescentReadable, is_remote)

__all__ = ["LinearClassifier", "LinearClassificationModel", "MLPClassifier",
           "MLPClassificationModel"]


class LinearClassifier(WarmStartMixin, _LinearClassifierEstimator,
                       DescentReadable["LinearClassifier"]):
    """Linear classifier trained by mini-batch gradient descent: logistic regression
    (``loss="log"``, multinomial beyond two classes), linear SVM (``"hinge"``),
    ``"squared_hinge"`` or ``"modified_huber"``, with PyTorch-style optimizers and an
    elastic-net penalty. Every param of the Java stage is a param here, with its doc:
    ``LinearClassifier(optimizer="adam", learningRate=0.05, maxIter=20)``.
    """

    def _create_model(self, java_model: Any) -> "LinearClassificationModel":
        return LinearClassificationModel(java_model)

    def _warm_start_type(self) -> type:
        return LinearClassificationModel


class LinearClassificationModel(LinearModelMixin, DescentClassificationModel,
                                _LinearClassificationModelParams,
                                DescentReadable["LinearClassificationModel"]):
    """Model fitted by :class:`LinearClassifier`."""

    _summary_class = ClassificationTrainingSummary
    _metrics_class = ClassificationSummary

    @property
    def numClasses(self) -> int:
        return self._call_java("numClasses")

    def predictRaw(self, value: Vector) -> Vector:
        """The margins for one feature vector (``[-m, m]`` for two classes)."""
        return self._call_java("predictRaw", value)

    def predictProbability(self, value: Vector) -> Vector:
        """The class probabilities for one feature vector (losses ``log``, ``modified_huber``)."""
        return self._call_java("predictProbability", value)

    @property
    def coefficientMatrix(self) -> Matrix:
        """Coefficients, one row per class (one row for a binary model)."""
        if is_remote():
            matrix = self._described("coefficientMatrix")
            return DenseMatrix(matrix["numRows"], matrix["numCols"],
                               [number(v) for v in matrix["values"]], isTransposed=True)
        return self._call_java("coefficientMatrix")

    @property
    def interceptVector(self) -> Vector:
        """Intercepts, one per row of ``coefficientMatrix``."""
        if is_remote():
            return DenseVector([number(v) for v in self._described("interceptVector")])
        return self._call_java("interceptVector")


class MLPClassifier(_MLPClassifierEstimator, DescentReadable["MLPClassifier"]):
    """Multilayer perceptron classifier trained by mini-batch gradient descent: hidden layers
    ``hiddenLayers`` with ``activation`` and ``dropout``, the optimizers, schedules and penalties
    of the linear stages, seeded ``numRestarts``:
    ``MLPClassifier(hiddenLayers=[32, 32], optimizer="adam", maxIter=50)``.
    """

    def _create_model(self, java_model: Any) -> "MLPClassificationModel":
        return MLPClassificationModel(java_model)


class MLPClassificationModel(DescentClassificationModel, _MLPClassificationModelParams,
                             DescentReadable["MLPClassificationModel"]):
    """Model fitted by :class:`MLPClassifier`."""

    _summary_class = ClassificationTrainingSummary
    _metrics_class = ClassificationSummary

    @property
    def numClasses(self) -> int:
        return self._call_java("numClasses")

    @property
    def layers(self) -> list:
        """Layer sizes: input, hidden layers, outputs."""
        if is_remote():
            return list(self._described("layers"))
        return list(self._call_java("layers"))

    def predictRaw(self, value: Vector) -> Vector:
        """The output margins for one feature vector (``[-m, m]`` for two classes)."""
        return self._call_java("predictRaw", value)

    def predictProbability(self, value: Vector) -> Vector:
        """The class probabilities for one feature vector."""
        return self._call_java("predictProbability", value)
