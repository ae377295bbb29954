package org.linli.config;

/** The internal pull resistor of a GPIO input. */
public enum Pull {
    UP, DOWN, OFF
}
