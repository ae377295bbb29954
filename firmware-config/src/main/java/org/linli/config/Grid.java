package org.linli.config;

/**
 * A governance grid (网格). Level 1 is an area led by a community cadre (the head), level 2 a group,
 * level 3 a basic grid with one grid worker.
 *
 * @param id     unique within the site
 * @param name   display name, usually Chinese
 * @param level  1, 2 or 3
 * @param parent the enclosing grid's id, null for level 1
 * @param worker the grid worker (网格员) responsible, required for level 3
 * @param head   the grid head (网格长), if any
 */
public record Grid(String id, String name, int level, String parent, String worker, String head) {
}
