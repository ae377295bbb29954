package org.linli.proof.fuzz;

import java.util.List;

/**
 * One decoder or loader under fuzzing: valid seed inputs, and a run that either accepts an input
 * or refuses it with a reason. Anything else it throws is a crash.
 */
public interface Target {

    /** Short name for the table, e.g. {@code reading-batch}. */
    String name();

    /** Valid inputs to mutate. */
    List<byte[]> seeds();

    /**
     * Feeds one input.
     *
     * @return null when accepted, else the refusal's reason code
     * @throws Exception only on a bug: the run counts it as a crash
     */
    String run(byte[] input) throws Exception;
}
