package dev.descent.spark.ml.optim;

/**
 * torch.optim's coupled weight decay, {@code g = g + weightDecay * theta} before the update
 * rule, computed per coordinate so that the caller's gradient array is not modified. As in
 * PyTorch ({@code if weight_decay != 0}), a zero decay leaves the gradient exactly as it is.
 */
final class WeightDecay {

  private WeightDecay() {}

  static double coupled(double weightDecay, double gradient, double parameter) {
    return weightDecay == 0 ? gradient : gradient + weightDecay * parameter;
  }
}
