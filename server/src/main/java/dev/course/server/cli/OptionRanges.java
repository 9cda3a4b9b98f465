package dev.course.server.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Number options checked where they are parsed, so that {@code --k 0} or {@code --port 99999} is
 * refused with the option's name before a command starts any work. Use them as an option's
 * {@code converter}: {@code @Option(names = "--k", converter = OptionRanges.AtLeastOne.class)}.
 */
final class OptionRanges {

    private OptionRanges() {
    }

    /** The highest TCP port. */
    static final int MAX_PORT = 65_535;

    /** A TCP port, 1 to 65535, or 0 for "any free port". */
    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int port = parse(value);
            if (port < 0 || port > MAX_PORT) {
                throw new TypeConversionException(port + " is not a TCP port: choose one from 1 to " + MAX_PORT
                        + " (0 picks a free one)");
            }
            return port;
        }
    }

    /** A count that must be at least 1 (hits, runs, learners). */
    static final class AtLeastOne implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n = parse(value);
            if (n < 1) {
                throw new TypeConversionException("must be at least 1, not " + n);
            }
            return n;
        }
    }

    /** A count that may be 0 (warm kernels, extra tokens) but not negative. */
    static final class AtLeastZero implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n = parse(value);
            if (n < 0) {
                throw new TypeConversionException("must be 0 or more, not " + n);
            }
            return n;
        }
    }

    /** A duration in seconds or minutes that must be at least 1. */
    static final class AtLeastOneLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long n;
            try {
                n = Long.parseLong(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a whole number");
            }
            if (n < 1) {
                throw new TypeConversionException("must be at least 1, not " + n);
            }
            return n;
        }
    }

    private static int parse(String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
    }
}
