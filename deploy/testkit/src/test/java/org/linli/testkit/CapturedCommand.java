package org.linli.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a client command (mosquitto_pub, psql, ...) in a test and captures what it prints. */
record CapturedCommand(int exitCode, String output) {

    static CapturedCommand run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        // The clients print little and exit on their own (-W/-C bound mosquitto_sub), so reading to
        // the end of the stream terminates; the wait below is a safety net only.
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not finish: " + output);
        }
        return new CapturedCommand(process.exitValue(), output);
    }
}
