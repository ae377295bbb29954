package org.linli.config;

/**
 * An elder canteen (长者食堂).
 *
 * @param id    unique within the site
 * @param name  display name
 * @param space the space it occupies
 */
public record Canteen(String id, String name, String space) {
}
