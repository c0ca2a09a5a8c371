package dev.kerac.runtime.train;

/**
 * Stops training when the loss becomes NaN or infinite (Keras {@code TerminateOnNaN}), instead of
 * failing with {@link NonFiniteLossException}. The non-finite step is never applied.
 *
 * <pre>{@code
 * model.fit(x, y, Fit.epochs(10).callbacks(new TerminateOnNaN()));
 * }</pre>
 */
public final class TerminateOnNaN extends Callback {}
