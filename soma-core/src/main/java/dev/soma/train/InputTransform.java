package dev.soma.train;

/**
 * A transformation of input batches in place, such as standardization ({@code standardizer::apply}): {@code rows}
 * rows of the dataset's width at the start of {@code batch}.
 */
@FunctionalInterface
public interface InputTransform {
    void apply(float[] batch, int rows);
}
