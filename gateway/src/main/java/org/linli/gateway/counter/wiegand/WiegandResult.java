package org.linli.gateway.counter.wiegand;

/**
 * What a finished frame turned out to be: a {@link WiegandFrame} to look up in the roster, or a
 * {@link WiegandRejection} that must not lead to any decision.
 */
public sealed interface WiegandResult permits WiegandFrame, WiegandRejection {

    /** The bits as received, {@code '0'} and {@code '1'}, first bit first. */
    String bits();
}
