package io.atende.platform;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where analysts' models live ({@code atende.processes.*}).
 *
 * @param directory folder of BPMN/DMN/forms deployed at start and whenever a file there changes
 * @param watchInterval how often the folder is checked for changes (0 switches watching off)
 */
@ConfigurationProperties("atende.processes")
public record ProcessesProperties(
    @DefaultValue("processes") String directory,
    @DefaultValue("2s") Duration watchInterval) {}
