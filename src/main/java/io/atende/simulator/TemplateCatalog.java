package io.atende.simulator;

import io.atende.simulator.SimulatorProperties.Template;
import io.atende.simulator.SimulatorProperties.TemplateStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The WhatsApp Business Account's message templates: the configured ones (already reviewed) and those created
 * through the API. Lookup for sends, the {@code message_templates} listing, creation, edits and deletion. Every
 * template is an immutable {@link SimTemplate}; a change swaps in a new copy under this object's lock.
 */
final class TemplateCatalog {

  /** Meta keeps a deleted template's name for 30 days: it cannot be used again meanwhile. */
  static final Duration NAME_REUSE_DELAY = Duration.ofDays(30);
  static final Duration EDIT_WINDOW_DAY = Duration.ofHours(24);
  static final Duration EDIT_WINDOW_MONTH = Duration.ofDays(30);
  static final int EDITS_PER_MONTH = 10;

  /** The default fields of a listing when the request names none (as Meta answers). */
  static final Set<String> DEFAULT_FIELDS = Set.of("name", "parameter_format", "components", "language", "status",
      "category", "id");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z0-9_]+)\\s*}}");

  /** Filters of the listing, all optional (Graph's {@code name}, {@code status}, {@code category}, {@code language}). */
  record Query(String name, String status, String category, String language, int limit, String after, Set<String> fields) {

    Query(String name, String status, String category, String language, int limit, String after) {
      this(name, status, category, language, limit, after, null);
    }
  }

  private final Map<String, SimTemplate> templates = new LinkedHashMap<>();
  private long nextSeq;

  TemplateCatalog(List<Template> configured) {
    Instant now = Instant.now();
    for (Template t : configured) {
      SimTemplate seeded = seed(t, now);
      templates.put(seeded.id(), seeded);
    }
  }

  private SimTemplate seed(Template t, Instant now) {
    List<Wire.TemplateComponent> components = new ArrayList<>();
    if (t.header() != null) {
      components.add(new Wire.TemplateComponent("HEADER", "TEXT", t.header(),
          placeholders(t.header()) > 0 ? new Wire.TemplateExample(List.of("exemplo"), null, null, null, null) : null, null));
    }
    int bodyParams = placeholders(t.body());
    components.add(new Wire.TemplateComponent("BODY", null, t.body(),
        bodyParams > 0
            ? new Wire.TemplateExample(null, null, List.of(java.util.stream.IntStream.rangeClosed(1, bodyParams)
                .mapToObj(i -> "exemplo" + i).toList()), null, null)
            : null,
        null));
    if (t.footer() != null) {
      components.add(new Wire.TemplateComponent("FOOTER", null, t.footer(), null, null));
    }
    if (!t.quickReplies().isEmpty()) {
      components.add(new Wire.TemplateComponent("BUTTONS", null, null, null,
          t.quickReplies().stream().map(label -> new Wire.TemplateButton("QUICK_REPLY", label, null, null, null)).toList()));
    }
    return new SimTemplate(Ids.stableId(t.name() + '/' + t.language()), nextSeq++, t.name(), t.language(), t.category(),
        SimTemplate.POSITIONAL, components, t.status(), "NONE", t.status() == TemplateStatus.APPROVED ? "GREEN" : "UNKNOWN",
        now, now, null, List.of(), 0, false);
  }

  // ------------------------------------------------------------------ lookups

  /** The template a send names: not deleted, by name and language. */
  synchronized Optional<SimTemplate> find(String name, String language) {
    return templates.values().stream()
        .filter(t -> !t.deleted() && t.name().equals(name) && t.language().equals(language))
        .findFirst();
  }

  /** A template by its id, deleted or not. */
  synchronized Optional<SimTemplate> byId(String id) {
    return Optional.ofNullable(templates.get(id));
  }

  synchronized List<SimTemplate> all() {
    return templates.values().stream().filter(t -> !t.deleted()).toList();
  }

  // ------------------------------------------------------------------ changes

  /** {@code POST /{waba-id}/message_templates}: checks the submission and keeps it PENDING for review. */
  synchronized SimTemplate create(TemplateRules.Submission s, Instant now) {
    TemplateRules.checkNameAndLanguage(s.name(), s.language());
    TemplateRules.Valid valid = TemplateRules.check(s, null);
    for (SimTemplate t : templates.values()) {
      if (!t.name().equals(s.name())) {
        continue;
      }
      if (!t.deleted() && t.language().equals(s.language())) {
        throw TemplateRules.duplicate(s.language());
      }
      if (t.deleted() && t.deletedAt().plus(NAME_REUSE_DELAY).isAfter(now)) {
        throw GraphException.templateRefused(null, "Template name unavailable",
            "A template named " + s.name() + " was deleted less than 30 days ago; its name can't be used again until"
                + " then. Choose another name.");
      }
    }
    SimTemplate created = new SimTemplate(Ids.mediaId(), nextSeq++, s.name(), s.language(), valid.category(),
        valid.parameterFormat(), valid.components(), TemplateStatus.PENDING, "NONE", "UNKNOWN", now, now, null, List.of(),
        1, Boolean.TRUE.equals(s.allowCategoryChange()));
    templates.put(created.id(), created);
    return created;
  }

  /**
   * {@code POST /{template-id}}: a new version for review. Templates in review or disabled cannot be edited; an
   * approved one at most once in 24 hours and ten times in 30 days, without changing its category.
   */
  synchronized SimTemplate edit(String id, TemplateRules.Submission s, Instant now) {
    SimTemplate current = Optional.ofNullable(templates.get(id)).filter(t -> !t.deleted())
        .orElseThrow(() -> GraphException.unknownObject("post", id));
    switch (current.status()) {
      case PENDING, IN_APPEAL -> throw GraphException.templateRefused(null, "Template can't be edited",
          "This template is being reviewed; it can be edited once the review is done.");
      case DISABLED, PENDING_DELETION, DELETED -> throw GraphException.templateRefused(null, "Template can't be edited",
          "A " + current.status().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " template can't be edited.");
      default -> { }
    }
    List<Instant> edits = new ArrayList<>(current.approvedEdits().stream()
        .filter(at -> at.plus(EDIT_WINDOW_MONTH).isAfter(now)).toList());
    if (current.status() == TemplateStatus.APPROVED) {
      if (edits.stream().anyMatch(at -> at.plus(EDIT_WINDOW_DAY).isAfter(now)) || edits.size() >= EDITS_PER_MONTH) {
        throw GraphException.templateRefused(null, "Edit limit reached",
            "An approved template can be edited once in 24 hours and " + EDITS_PER_MONTH + " times in 30 days.");
      }
      edits.add(now);
    }
    TemplateRules.Valid valid = TemplateRules.check(s, current);
    SimTemplate edited = current.resubmitted(valid.category(), valid.parameterFormat(), valid.components(), edits);
    templates.put(id, edited);
    return edited;
  }

  /**
   * {@code DELETE /{waba-id}/message_templates?name=...[&hsm_id=...]}: every language of the name, or only the one
   * with that id. Returns what was deleted.
   */
  synchronized List<SimTemplate> delete(String name, String hsmId, Instant now) {
    if (name == null || name.isBlank()) {
      throw GraphException.parameterRequired("name");
    }
    List<SimTemplate> matching = templates.values().stream()
        .filter(t -> !t.deleted() && t.name().equals(name) && (hsmId == null || hsmId.isBlank() || t.id().equals(hsmId)))
        .toList();
    if (matching.isEmpty()) {
      throw GraphException.templateRefused(null, "Message template not found",
          hsmId == null || hsmId.isBlank()
              ? "There is no message template named " + name + "."
              : "There is no message template named " + name + " with id " + hsmId + ".");
    }
    List<SimTemplate> deleted = new ArrayList<>();
    for (SimTemplate t : matching) {
      SimTemplate gone = t.deletedAt(now);
      templates.put(t.id(), gone);
      deleted.add(gone);
    }
    return deleted;
  }

  /** Applies a change if the template is still the given submission (a review) or exists (Meta's own actions). */
  synchronized Optional<SimTemplate> update(String id, Integer generation, UnaryOperator<SimTemplate> change) {
    SimTemplate current = templates.get(id);
    if (current == null || current.deleted() || (generation != null && current.generation() != generation)) {
      return Optional.empty();
    }
    SimTemplate changed = change.apply(current);
    templates.put(id, changed);
    return Optional.of(changed);
  }

  // ------------------------------------------------------------------ listing

  /**
   * One page of the listing.
   *
   * @param nextUrl makes the {@code paging.next} URL from the cursor of the page's last item
   */
  synchronized Wire.TemplatePage page(Query query, UnaryOperator<String> nextUrl) {
    long after = decodeCursor(query.after());
    List<SimTemplate> matching = templates.values().stream()
        .filter(t -> !t.deleted() || "DELETED".equalsIgnoreCase(query.status()))
        .filter(t -> query.name() == null || t.name().contains(query.name()))
        .filter(t -> query.status() == null || t.status().name().equalsIgnoreCase(query.status()))
        .filter(t -> query.category() == null || t.category().name().equalsIgnoreCase(query.category()))
        .filter(t -> query.language() == null || t.language().equals(query.language()))
        .toList();
    List<SimTemplate> rest = matching.stream().filter(t -> t.seq() > after).toList();
    List<SimTemplate> page = rest.subList(0, Math.min(rest.size(), query.limit()));
    List<Wire.TemplateNode> data = page.stream().map(t -> node(t, query.fields())).toList();
    Wire.Paging paging = page.isEmpty()
        ? null
        : new Wire.Paging(new Wire.Cursors(cursor(page.get(0).seq()), cursor(page.get(page.size() - 1).seq())),
            rest.size() > page.size() ? nextUrl.apply(cursor(page.get(page.size() - 1).seq())) : null, null);
    return new Wire.TemplatePage(data, paging);
  }

  /** The node of one template, with the requested fields (null: Meta's defaults). */
  static Wire.TemplateNode node(SimTemplate t, Set<String> fields) {
    Set<String> f = fields == null || fields.isEmpty() ? DEFAULT_FIELDS : fields;
    return new Wire.TemplateNode(
        f.contains("name") ? t.name() : null,
        f.contains("parameter_format") ? t.parameterFormat() : null,
        f.contains("components") ? t.components() : null,
        f.contains("language") ? t.language() : null,
        f.contains("status") ? t.status().name() : null,
        f.contains("category") ? t.category().name() : null,
        f.contains("quality_score") ? new Wire.QualityScore(t.quality(), t.qualityDate().getEpochSecond()) : null,
        f.contains("rejected_reason") ? t.rejectedReason() : null,
        t.id());
  }

  /** The cursor of an item is its creation order; {@code after} points at the last item of the previous page. */
  private static long decodeCursor(String after) {
    if (after == null || after.isBlank()) {
      return -1;
    }
    try {
      return Long.parseLong(new String(Base64.getDecoder().decode(after), StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw GraphException.invalidParameter("Invalid pagination cursor: " + after);
    }
  }

  private static String cursor(long seq) {
    return Base64.getEncoder().encodeToString(Long.toString(seq).getBytes(StandardCharsets.US_ASCII));
  }

  // ------------------------------------------------------------------ placeholders

  /** The distinct variables of a text ({{1}} or {{name}}), in order of first appearance. */
  static List<String> variables(String text) {
    if (text == null) {
      return List.of();
    }
    Set<String> seen = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      seen.add(m.group(1));
    }
    return List.copyOf(seen);
  }

  /** How many distinct {{n}} or {{name}} placeholders the text has (0 for null). */
  static int placeholders(String text) {
    return variables(text).size();
  }

  /** Replaces {{n}} by the n-th value (1-based); placeholders without a value are left as they are. */
  static String fill(String text, List<String> values) {
    return fill(text, key -> {
      if (!key.chars().allMatch(Character::isDigit)) {
        return null;
      }
      int index = Integer.parseInt(key) - 1;
      return index >= 0 && index < values.size() ? values.get(index) : null;
    });
  }

  /** Replaces each placeholder by its value; placeholders without one (null) are left as they are. */
  static String fill(String text, Function<String, String> values) {
    if (text == null) {
      return null;
    }
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.apply(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
