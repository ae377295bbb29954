package org.linli.config;

/** The kinds of public space a community runs. */
public enum SpaceKind {
    PLAZA, GREEN_SPACE, FITNESS_CORNER, FIRE_LANE, WALKWAY, PARKING, CANTEEN, OTHER
}
