package io.atende.survey;

import io.atende.survey.SurveyRecords.Row;
import io.atende.survey.SurveyRecords.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The results (R25): per group (number, agent or queue) and kind, the surveys sent in the period, those answered, the
 * answer rate and the standard score ({@link SurveyKind#score}), with how many gave each point of the scale.
 */
@Component
class SurveyResults {

  enum GroupBy {
    NUMBER(Row::phoneNumberId),
    AGENT(Row::agent),
    QUEUE(Row::queue);

    private final Function<Row, String> key;

    GroupBy(Function<Row, String> key) {
      this.key = key;
    }
  }

  /**
   * @param answerRate answered / sent, in % (one decimal)
   * @param score CSAT % of 4–5, NPS −100..100, CES average; null without answers
   * @param distribution how many answers gave each point of the scale, from its lowest
   */
  record Group(String group, String kind, int sent, int answered, Double answerRate, Double score, Map<String, Integer> distribution) {}

  private final SurveyRecords records;

  SurveyResults(SurveyRecords records) {
    this.records = records;
  }

  List<Group> of(Instant from, Instant to, GroupBy groupBy) {
    List<Row> sent = records.sentBetween(from, to).stream().filter(r -> r.sentAt() != null).toList();
    Map<String, List<Row>> groups = SurveyRecords.group(sent, r -> (groupBy.key.apply(r) == null ? "" : groupBy.key.apply(r))
        + "\u0000" + r.kind().name());
    List<Group> result = new ArrayList<>();
    groups.forEach((key, rows) -> {
      SurveyKind kind = rows.get(0).kind();
      List<Integer> scores = rows.stream().filter(r -> r.status() == Status.ANSWERED && r.score() != null).map(Row::score).toList();
      Map<String, Integer> distribution = new LinkedHashMap<>();
      for (int p = kind.min(); p <= kind.max(); p++) {
        int point = p;
        distribution.put(String.valueOf(p), (int) scores.stream().filter(s -> s == point).count());
      }
      double rate = Math.round(1000.0 * scores.size() / rows.size()) / 10.0;
      result.add(new Group(key.substring(0, key.indexOf('\u0000')), kind.name(), rows.size(), scores.size(), rate, kind.score(scores),
          distribution));
    });
    result.sort((a, b) -> a.group().equals(b.group()) ? a.kind().compareTo(b.kind()) : a.group().compareTo(b.group()));
    return result;
  }

  List<Row> answers(Instant from, Instant to) {
    return records.sentBetween(from, to);
  }
}
