package io.srvlab.rds.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** {@code where …} and {@code [find …]}: conditions {@code key=value} / {@code key~regex}, all of which must hold. */
final class Where {
    /** The names the conditions of a {@code [find …]} select. */
    @FunctionalInterface
    interface Finder {
        List<String> find(List<Token> conditions) throws CliError;
    }

    private Where() {}

    /** Parses the conditions; a key {@code allowed} refuses is an error as soon as it is read. */
    static List<Arg> conditions(List<Token> tokens, Predicate<String> allowed) throws CliError {
        List<Arg> args = new ArrayList<>();
        for (Token t : tokens) {
            if (t.raw().equals("and")) {
                continue; // "a=1 and b=2" means the same as "a=1 b=2"
            }
            Arg a = Arg.of(t);
            if (!allowed.test(a.key())) {
                throw CliError.endOfCommandExpected(t.column());
            }
            args.add(a);
        }
        return args;
    }

    /** The items every condition holds for; {@code property} returns null for a key the items do not have. */
    static <T> List<T> select(List<T> items, List<Arg> conditions, BiFunction<T, String, String> property)
            throws CliError {
        List<T> result = new ArrayList<>();
        for (T item : items) {
            boolean all = true;
            for (Arg a : conditions) {
                String actual = property.apply(item, a.key());
                if (actual == null) {
                    throw CliError.endOfCommandExpected(a.column());
                }
                all &= matches(a, actual);
            }
            if (all) {
                result.add(item);
            }
        }
        return result;
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
