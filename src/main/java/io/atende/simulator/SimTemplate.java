package io.atende.simulator;

import io.atende.simulator.SimulatorProperties.TemplateCategory;
import io.atende.simulator.SimulatorProperties.TemplateStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One message template of the simulated WhatsApp Business Account, as Meta keeps it. Immutable: every change
 * makes a new copy ({@link TemplateCatalog} swaps it in), so a send validates against one consistent version.
 *
 * @param id Meta's numeric template id
 * @param seq creation order, the listing's order and cursor
 * @param parameterFormat {@code POSITIONAL} ({{1}}, {{2}}) or {@code NAMED} ({{first_name}})
 * @param components HEADER, BODY, FOOTER and BUTTONS as they were submitted
 * @param rejectedReason why review refused it ({@code NONE} otherwise)
 * @param quality {@code GREEN}, {@code YELLOW}, {@code RED} or {@code UNKNOWN} (new templates)
 * @param deletedAt when it was deleted; its name stays taken for {@link TemplateCatalog#NAME_REUSE_DELAY}
 * @param approvedEdits when it was edited while approved (Meta allows one a day, ten in 30 days)
 * @param generation counts the submissions; a review only applies to the submission it was scheduled for
 * @param allowCategoryChange whether review may move it to MARKETING instead of rejecting it as promotional
 */
record SimTemplate(
    String id,
    long seq,
    String name,
    String language,
    TemplateCategory category,
    String parameterFormat,
    List<Wire.TemplateComponent> components,
    TemplateStatus status,
    String rejectedReason,
    String quality,
    Instant qualityDate,
    Instant createdAt,
    Instant deletedAt,
    List<Instant> approvedEdits,
    int generation,
    boolean allowCategoryChange) {

  static final String POSITIONAL = "POSITIONAL";
  static final String NAMED = "NAMED";

  SimTemplate {
    components = List.copyOf(components);
    approvedEdits = List.copyOf(approvedEdits);
  }

  boolean deleted() {
    return deletedAt != null;
  }

  boolean named() {
    return NAMED.equals(parameterFormat);
  }

  Optional<Wire.TemplateComponent> component(String type) {
    return components.stream().filter(c -> type.equalsIgnoreCase(c.type())).findFirst();
  }

  /** The header's format ({@code TEXT}, {@code IMAGE}, {@code VIDEO}, {@code DOCUMENT}, {@code LOCATION}), or null. */
  String headerFormat() {
    return component("HEADER").map(c -> c.format() == null ? "TEXT" : c.format().toUpperCase(Locale.ROOT)).orElse(null);
  }

  String headerText() {
    return component("HEADER").filter(c -> "TEXT".equals(headerFormat())).map(Wire.TemplateComponent::text).orElse(null);
  }

  String body() {
    return component("BODY").map(Wire.TemplateComponent::text).orElse("");
  }

  String footer() {
    return component("FOOTER").map(Wire.TemplateComponent::text).orElse(null);
  }

  List<Wire.TemplateButton> buttons() {
    return component("BUTTONS").map(c -> c.buttons() == null ? List.<Wire.TemplateButton>of() : c.buttons()).orElse(List.of());
  }

  /** Everything a reviewer reads: header, body, footer and button texts and URLs. */
  String allText() {
    List<String> parts = new ArrayList<>();
    for (Wire.TemplateComponent c : components) {
      if (c.text() != null) {
        parts.add(c.text());
      }
      if (c.buttons() != null) {
        c.buttons().forEach(b -> {
          parts.add(b.text() == null ? "" : b.text());
          parts.add(b.url() == null ? "" : b.url());
        });
      }
    }
    return String.join("\n", parts);
  }

  SimTemplate withStatus(TemplateStatus newStatus, String reason) {
    return new SimTemplate(id, seq, name, language, category, parameterFormat, components, newStatus, reason, quality,
        qualityDate, createdAt, deletedAt, approvedEdits, generation, allowCategoryChange);
  }

  SimTemplate withCategory(TemplateCategory newCategory) {
    return new SimTemplate(id, seq, name, language, newCategory, parameterFormat, components, status, rejectedReason,
        quality, qualityDate, createdAt, deletedAt, approvedEdits, generation, allowCategoryChange);
  }

  SimTemplate withQuality(String score, Instant at) {
    return new SimTemplate(id, seq, name, language, category, parameterFormat, components, status, rejectedReason, score,
        at, createdAt, deletedAt, approvedEdits, generation, allowCategoryChange);
  }

  SimTemplate deletedAt(Instant at) {
    return new SimTemplate(id, seq, name, language, category, parameterFormat, components, TemplateStatus.DELETED,
        rejectedReason, quality, qualityDate, createdAt, at, approvedEdits, generation, allowCategoryChange);
  }

  /** A new submission of the template (an edit): back to PENDING for review. */
  SimTemplate resubmitted(TemplateCategory newCategory, String newFormat, List<Wire.TemplateComponent> newComponents,
      List<Instant> edits) {
    return new SimTemplate(id, seq, name, language, newCategory, newFormat, newComponents, TemplateStatus.PENDING, "NONE",
        quality, qualityDate, createdAt, null, edits, generation + 1, allowCategoryChange);
  }
}
