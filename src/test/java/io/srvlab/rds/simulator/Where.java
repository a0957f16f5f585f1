package io.srvlab.rds.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * {@code where …} and {@code [find …]}: conditions {@code key=value} / {@code key~regex} joined by {@code and} (or just
 * side by side) and {@code or}; {@code and} binds tighter, as in RouterOS expressions, so {@code a=1 b=2 or c=3} holds
 * for an item with {@code c=3} or with both {@code a=1} and {@code b=2}.
 */
final class Where {
    /** The names the conditions of a {@code [find …]} select. */
    @FunctionalInterface
    interface Finder {
        List<String> find(List<Token> conditions) throws CliError;
    }

    /** Alternatives joined by {@code or}, each a list of conditions that must all hold; none: every item. */
    record Conditions(List<List<Arg>> anyOf) {}

    private Where() {}

    /**
     * Parses the conditions; a key {@code allowed} refuses is an error as soon as it is read, and so is an {@code or}
     * with no condition on one side.
     */
    static Conditions conditions(List<Token> tokens, Predicate<String> allowed) throws CliError {
        List<List<Arg>> anyOf = new ArrayList<>();
        List<Arg> all = new ArrayList<>();
        for (Token t : tokens) {
            if (t.raw().equals("and")) {
                continue; // "a=1 and b=2" means the same as "a=1 b=2"
            }
            if (t.raw().equals("or")) {
                if (all.isEmpty()) {
                    throw CliError.syntax(t.column());
                }
                anyOf.add(all);
                all = new ArrayList<>();
                continue;
            }
            Arg a = Arg.of(t);
            if (!allowed.test(a.key())) {
                throw CliError.endOfCommandExpected(t.column());
            }
            all.add(a);
        }
        if (all.isEmpty() && !anyOf.isEmpty()) {
            throw CliError.syntax(tokens.get(tokens.size() - 1).column());
        }
        if (!all.isEmpty()) {
            anyOf.add(all);
        }
        return new Conditions(anyOf);
    }

    /** The items the conditions hold for; {@code property} returns null for a key the items do not have. */
    static <T> List<T> select(List<T> items, Conditions conditions, BiFunction<T, String, String> property)
            throws CliError {
        List<T> result = new ArrayList<>();
        for (T item : items) {
            if (conditions.anyOf().isEmpty() || holds(item, conditions, property)) {
                result.add(item);
            }
        }
        return result;
    }

    private static <T> boolean holds(T item, Conditions conditions, BiFunction<T, String, String> property)
            throws CliError {
        boolean any = false;
        for (List<Arg> alternative : conditions.anyOf()) {
            boolean all = true;
            for (Arg a : alternative) {
                String actual = property.apply(item, a.key());
                if (actual == null) {
                    throw CliError.endOfCommandExpected(a.column());
                }
                all &= matches(a, actual);
            }
            any |= all;
        }
        return any;
    }

    private static boolean matches(Arg a, String actual) throws CliError {
        if (a.op() == '=') {
            return actual.equals(a.value());
        }
        try {
            return Pattern.compile(a.value()).matcher(actual).find();
        } catch (RuntimeException e) {
            throw new CliError("invalid regular expression (line 1 column " + a.column() + ")");
        }
    }

    /** The items a {@code [find …]} expression or a bare name refers to. */
    static List<String> targets(Token target, Finder finder, Predicate<String> exists) throws CliError {
        String raw = target.raw();
        if (raw.startsWith("[") && raw.endsWith("]")) {
            List<Token> inner = CliSyntax.tokens(raw.substring(1, raw.length() - 1));
            if (inner.isEmpty() || !inner.get(0).raw().equals("find")) {
                throw new CliError("expected command name (line 1 column " + (target.column() + 1) + ")");
            }
            List<Token> conditions = inner.subList(1, inner.size());
            if (!conditions.isEmpty() && conditions.get(0).raw().equals("where")) {
                conditions = conditions.subList(1, conditions.size());
            }
            List<Token> shifted = new ArrayList<>();
            for (Token t : conditions) {
                shifted.add(new Token(t.raw(), target.column() + t.column()));
            }
            return finder.find(shifted);
        }
        String name = CliSyntax.value(raw, target.column());
        if (!exists.test(name)) {
            throw new CliError("no such item");
        }
        return List.of(name);
    }

    /** {@code set/remove [find …]} matching nothing: silent, unless the knob names an error. */
    static void requireFound(List<String> found, SimulatorKnobs knobs) throws CliError {
        if (found.isEmpty() && knobs.emptyFindError() != null) {
            throw new CliError(knobs.emptyFindError());
        }
    }
}
