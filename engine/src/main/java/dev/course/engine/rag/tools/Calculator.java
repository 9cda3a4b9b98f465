package dev.course.engine.rag.tools;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Arithmetic, which language models are bad at and a calculator is not: {@code + - * / ^ %}, parentheses,
 * unary minus, {@code sqrt log ln exp abs sin cos} and the constants {@code pi} and {@code e}. A small
 * recursive-descent parser, so nothing is ever evaluated as code.
 */
public final class Calculator implements Tool {

    @Override
    public String name() {
        return "calculator";
    }

    @Override
    public String description() {
        return "Evaluates an arithmetic expression exactly, e.g. 2 * (3 + 4) ^ 2 or sqrt(384). Use it for any arithmetic.";
    }

    @Override
    public String parameters() {
        return """
                {"type": "object", "properties": {"expression": {"type": "string", "description": "the expression"}}, \
                "required": ["expression"]}""";
    }

    @Override
    public String call(JsonNode arguments) {
        return format(evaluate(Tool.requireText(arguments, "expression")));
    }

    /** The value of {@code expression}. */
    public static double evaluate(String expression) {
        var parser = new Parser(expression.toLowerCase(Locale.ROOT));
        double value = parser.expression();
        parser.skipSpaces();
        if (parser.pos < parser.text.length()) {
            throw new IllegalArgumentException("unexpected '" + parser.text.charAt(parser.pos) + "' at position "
                    + (parser.pos + 1) + " of " + expression);
        }
        return value;
    }

    /** Integers without a decimal point, others with up to 12 significant digits. */
    public static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return Double.toString(v);
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return new BigDecimal(v).round(new MathContext(12)).stripTrailingZeros().toPlainString();
    }

    private static final class Parser {
        final String text;
        int pos;

        Parser(String text) {
            this.text = text;
        }

        void skipSpaces() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
        }

        boolean eat(char c) {
            skipSpaces();
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        double expression() {
            double v = term();
            while (true) {
                if (eat('+')) v += term();
                else if (eat('-')) v -= term();
                else return v;
            }
        }

        double term() {
            double v = power();
            while (true) {
                if (eat('*') || eat('×')) v *= power();
                else if (eat('/')) {
                    double d = power();
                    if (d == 0) throw new IllegalArgumentException("division by zero");
                    v /= d;
                } else if (eat('%')) v %= power();
                else return v;
            }
        }

        double power() {
            double base = unary();
            return eat('^') ? Math.pow(base, power()) : base;      // right-associative
        }

        double unary() {
            if (eat('-')) return -unary();
            if (eat('+')) return unary();
            return atom();
        }

        double atom() {
            skipSpaces();
            if (eat('(')) {
                double v = expression();
                if (!eat(')')) throw new IllegalArgumentException("missing ')'");
                return v;
            }
            int start = pos;
            if (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.'
                        || text.charAt(pos) == '_' || text.charAt(pos) == ',')) pos++;
                if (pos < text.length() && text.charAt(pos) == 'e' && pos + 1 < text.length()
                        && (Character.isDigit(text.charAt(pos + 1)) || text.charAt(pos + 1) == '-')) {
                    pos += 2;
                    while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
                }
                return Double.parseDouble(text.substring(start, pos).replace("_", "").replace(",", ""));
            }
            while (pos < text.length() && Character.isLetter(text.charAt(pos))) pos++;
            String name = text.substring(start, pos);
            switch (name) {
                case "pi": return Math.PI;
                case "e": return Math.E;
                case "": throw new IllegalArgumentException(pos < text.length()
                        ? "unexpected '" + text.charAt(pos) + "' at position " + (pos + 1) : "the expression ends too early");
                default:
            }
            if (!eat('(')) throw new IllegalArgumentException("unknown name '" + name + "'");
            double arg = expression();
            if (!eat(')')) throw new IllegalArgumentException("missing ')' after " + name + "(");
            return switch (name) {
                case "sqrt" -> Math.sqrt(arg);
                case "log", "log10" -> Math.log10(arg);
                case "ln" -> Math.log(arg);
                case "exp" -> Math.exp(arg);
                case "abs" -> Math.abs(arg);
                case "sin" -> Math.sin(arg);
                case "cos" -> Math.cos(arg);
                default -> throw new IllegalArgumentException("unknown function '" + name + "'");
            };
        }
    }
}
