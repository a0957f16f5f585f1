package io.srvlab.rds.simulator;

/** RouterOS error text for one command; the console prints it and stops running the line. */
final class CliError extends Exception {
    CliError(String message) {
        super(message, null, false, false);
    }

    static CliError syntax(int column) {
        return new CliError("syntax error (line 1 column " + column + ")");
    }

    static CliError endOfCommandExpected(int column) {
        return new CliError("expected end of command (line 1 column " + column + ")");
    }

    static CliError badCommandName(String word, int column) {
        return new CliError("bad command name " + word + " (line 1 column " + column + ")");
    }

    static CliError invalidValue(String key) {
        return new CliError("invalid value for argument " + key);
    }
}
