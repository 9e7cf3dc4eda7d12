package com.mangaassist.shared.wire;

import java.util.Objects;
import java.util.function.Function;

/**
 * The outcome of decoding untrusted input: a value or a typed error, never an exception.
 *
 * @param <T> the decoded type
 */
public sealed interface Decoded<T> {

    static <T> Decoded<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Decoded<T> failed(WireError error) {
        return new Failed<>(error);
    }

    boolean isOk();

    /** The value; throws {@link IllegalStateException} on a failure (a programming error). */
    T value();

    /** The error; throws {@link IllegalStateException} on a success (a programming error). */
    WireError error();

    <R> Decoded<R> map(Function<? super T, ? extends R> mapper);

    record Ok<T>(T value) implements Decoded<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean isOk() {
            return true;
        }

        @Override
        public WireError error() {
            throw new IllegalStateException("decoded successfully; there is no error");
        }

        @Override
        public <R> Decoded<R> map(Function<? super T, ? extends R> mapper) {
            return new Ok<>(mapper.apply(value));
        }
    }

    record Failed<T>(WireError error) implements Decoded<T> {
        public Failed {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public boolean isOk() {
            return false;
        }

        @Override
        public T value() {
            throw new IllegalStateException("decoding failed: " + error.code().wireName() + ": " + error.message());
        }

        @Override
        public <R> Decoded<R> map(Function<? super T, ? extends R> mapper) {
            return new Failed<>(error);
        }
    }
}
