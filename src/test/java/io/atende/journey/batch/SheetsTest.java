package io.atende.journey.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading and writing the sheets: the CSV dialects Excel saves, numbers in XLSX cells, the models read back. */
class SheetsTest {

  @TempDir Path dir;

  record Read(List<String> header, List<String> rows) {}

  private static Read read(Path file) {
    List<String> header = new ArrayList<>();
    List<String> rows = new ArrayList<>();
    Sheets.read(file, new Sheets.RowHandler() {
      @Override
      public void header(List<String> cells) {
        header.addAll(cells);
      }

      @Override
      public void row(int rowNumber, List<String> cells) {
        rows.add(rowNumber + ":" + String.join("|", cells));
      }
    });
    return new Read(header, rows);
  }

  @Test
  void csvWithBomCommasAndQuotesOrTabsIsRead() throws Exception {
    Path commas = dir.resolve("a.csv");
    Files.write(commas, ("\uFEFFTelefone,Nome,{{1}} do corpo\r\n\"+55 11 98765-1234\",\"Souza, Ana\",Ana\r\n")
        .getBytes(StandardCharsets.UTF_8));
    assertThat(read(commas)).isEqualTo(new Read(List.of("Telefone", "Nome", "{{1}} do corpo"),
        List.of("2:+55 11 98765-1234|Souza, Ana|Ana")));

    Path tabs = dir.resolve("b.csv");
    Files.writeString(tabs, "Telefone\tNome\n11987651234\tAna\n");
    assertThat(read(tabs).rows()).containsExactly("2:11987651234|Ana");
  }

  @Test
  void leadingBlankLinesAreNotTheHeaderAndRowNumbersAreTheSheets() throws Exception {
    Path file = dir.resolve("c.csv");
    Files.writeString(file, "\n;;\nTelefone;Nome\n11987651234;Ana\n\n11987651235;Bia\n");
    Read read = read(file);
    assertThat(read.header()).containsExactly("Telefone", "Nome");
    assertThat(read.rows()).containsExactly("4:11987651234|Ana", "5:", "6:11987651235|Bia");
  }

  @Test
  void xlsxNumbersComeBackAsTheirDigits() throws Exception {
    Path file = dir.resolve("d.xlsx");
    try (OutputStream out = Files.newOutputStream(file)) {
      Workbook workbook = new Workbook(out, "t", "1.0");
      Worksheet sheet = workbook.newWorksheet("s");
      sheet.value(0, 0, "Telefone");
      sheet.value(0, 1, "Valor");
      sheet.value(1, 0, 5511987651234L);
      sheet.value(1, 1, 12.5);
      sheet.value(3, 0, "11987651235");
      workbook.finish();
    }
    assertThat(read(file).rows()).containsExactly("2:5511987651234|12.5", "4:11987651235");
  }

  @Test
  void theModelsReadBackAsTheirHeader() throws Exception {
    for (Sheets.Format format : Sheets.Format.values()) {
      Path file = dir.resolve("model." + format.extension);
      try (OutputStream out = Files.newOutputStream(file)) {
        Sheets.writeModel(format, List.of("Telefone", "Nome", "{{1}} do corpo"), out);
      }
      assertThat(read(file)).as(format.name()).isEqualTo(new Read(List.of("Telefone", "Nome", "{{1}} do corpo"), List.of()));
    }
  }

  @Test
  void binariesAreNotSheets() throws Exception {
    Path file = dir.resolve("e.xlsx");
    Files.write(file, new byte[] {0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0, 0, 0});
    assertThatThrownBy(() -> read(file)).isInstanceOf(Sheets.SheetException.class);
  }
}
