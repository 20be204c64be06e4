package dev.descent.spark.ml.nn;

import dev.descent.spark.ml.util.ParamNames;
import java.util.List;
import org.apache.commons.math3.special.Erf;

/**
 * The activation of the hidden layers, with its derivative written from the pre-activation
 * {@code z} and the activation {@code a = f(z)} (whichever is cheaper), and the initialization
 * that keeps the variance of activations steady through the layers for it.
 */
public enum Activation {

  /** max(0, z), NaN for NaN; derivative 0 at z = 0, as in PyTorch. He initialization. */
  RELU {
    @Override
    double apply(double z) {
      return z > 0 || Double.isNaN(z) ? z : 0.0;
    }

    @Override
    double derivative(double z, double a) {
      return z > 0 ? 1.0 : 0.0;
    }
  },

  /** tanh(z). Xavier initialization. */
  TANH {
    @Override
    double apply(double z) {
      return Math.tanh(z);
    }

    @Override
    double derivative(double z, double a) {
      return 1 - a * a;
    }
  },

  /** 1 / (1 + exp(-z)). Xavier initialization. */
  SIGMOID {
    @Override
    double apply(double z) {
      return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    @Override
    double derivative(double z, double a) {
      return a * (1 - a);
    }
  },

  /** z * Phi(z) with the exact normal CDF (PyTorch's default, not the tanh approximation). */
  GELU {
    private static final double INV_SQRT2 = 0.7071067811865476;
    private static final double INV_SQRT_2PI = 0.3989422804014327;

    @Override
    double apply(double z) {
      return z * 0.5 * (1 + Erf.erf(z * INV_SQRT2));
    }

    @Override
    double derivative(double z, double a) {
      return 0.5 * (1 + Erf.erf(z * INV_SQRT2)) + z * INV_SQRT_2PI * Math.exp(-0.5 * z * z);
    }
  };

  /** The names the {@code activation} param accepts. */
  public static final List<String> NAMES = ParamNames.of(Activation.class);

  abstract double apply(double z);

  abstract double derivative(double z, double a);

  /** Whether weights feeding this activation start with He (else Xavier) initialization. */
  boolean usesHeInitialization() {
    return this == RELU || this == GELU;
  }

  /** The constant the param value {@code name} names; any other fails, listing them. */
  public static Activation named(String name) {
    return ParamNames.named(Activation.class, "activation", name);
  }
}
