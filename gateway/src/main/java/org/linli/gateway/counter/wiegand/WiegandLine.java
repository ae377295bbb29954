package org.linli.gateway.counter.wiegand;

/** The two Wiegand data lines: a pulse on D0 is a 0 bit, a pulse on D1 a 1 bit. */
public enum WiegandLine {
    D0,
    D1
}
