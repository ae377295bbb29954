package org.linli.cloud.metrics;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import org.linli.config.Site;

/** Every meter carries the site it is about ({@code site} tag), so one Prometheus can scrape several sites. */
@Factory
public class MetricsFactory {

    @Singleton
    MeterFilter siteTag(Site site) {
        return MeterFilter.commonTags(Tags.of("site", site.id()));
    }
}
