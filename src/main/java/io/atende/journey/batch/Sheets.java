package io.atende.journey.batch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;

/**
 * Reads and writes the batch sheets, streaming: an XLSX's first sheet with FastExcel (rows parsed one by one from the
 * zip), a CSV with Commons CSV (UTF-8, with or without a BOM, separated by {@code ;} as Excel in Portuguese saves it,
 * or by {@code ,} or a tab: the header line tells). A sheet never sits whole in memory.
 */
final class Sheets {

  enum Format {
    CSV("text/csv; charset=UTF-8", "csv"),
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");

    final String contentType;
    final String extension;

    Format(String contentType, String extension) {
      this.contentType = contentType;
      this.extension = extension;
    }

    static Format of(String name) {
      return name == null || name.isBlank() || name.equalsIgnoreCase("xlsx") ? XLSX : CSV;
    }
  }

  /** What cannot be read as a sheet at all: {@link Kind} says why. */
  static final class SheetException extends RuntimeException {
    enum Kind { NOT_A_SHEET, PROTECTED }

    final Kind kind;

    SheetException(Kind kind, String message, Throwable cause) {
      super(message, cause);
      this.kind = kind;
    }
  }

  /** Gets the rows one by one: the header first, then each row with its number as the sheet shows it (header = 1). */
  interface RowHandler {
    void header(List<String> cells);

    void row(int rowNumber, List<String> cells);
  }

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private Sheets() {}

  /** Reads the file, whatever its name says: an XLSX by its zip signature, else a UTF-8 text (CSV). */
  static void read(Path file, RowHandler handler) {
    byte[] head = new byte[4096];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] start = java.util.Arrays.copyOf(head, n);
    if (n >= 8 && ReadableWorkbook.isOLE2Header(start)) {
      throw new SheetException(SheetException.Kind.PROTECTED, "OLE2 container (encrypted OOXML or legacy .xls)", null);
    }
    if (n >= 4 && ReadableWorkbook.isOOXMLZipHeader(start)) {
      readXlsx(file, handler);
      return;
    }
    if (!looksLikeText(start)) {
      throw new SheetException(SheetException.Kind.NOT_A_SHEET, "neither a zip nor UTF-8 text", null);
    }
    readCsv(file, handler);
  }

  private static boolean looksLikeText(byte[] start) {
    for (byte b : start) {
      if (b == 0) {
        return false;
      }
    }
    try {
      // a cut multi-byte character at the end of the sample is fine
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(start, 0, Math.max(0, start.length - 3)));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static void readXlsx(Path file, RowHandler handler) {
    try (ReadableWorkbook workbook = new ReadableWorkbook(file.toFile());
         Stream<Row> rows = workbook.getFirstSheet().openStream()) {
      boolean headerSeen = false;
      Iterator<Row> it = rows.iterator();
      while (it.hasNext()) {
        Row row = it.next();
        List<String> cells = cells(row);
        if (!headerSeen) {
          if (blank(cells)) {
            continue;
          }
          handler.header(cells);
          headerSeen = true;
        } else {
          handler.row(row.getRowNum(), cells);
        }
      }
    } catch (IOException | org.dhatim.fastexcel.reader.ExcelReaderException | UncheckedIOException e) {
      throw new SheetException(SheetException.Kind.NOT_A_SHEET, "unreadable XLSX: " + e.getClass().getSimpleName(), e);
    }
  }

  private static List<String> cells(Row row) {
    List<String> cells = new ArrayList<>(row.getCellCount());
    for (int i = 0; i < row.getCellCount(); i++) {
      Cell cell = row.getCell(i);
      if (cell == null || cell.getType() == CellType.EMPTY) {
        cells.add("");
      } else if (cell.getType() == CellType.NUMBER) {
        cells.add(cell.asNumber().stripTrailingZeros().toPlainString());
      } else {
        String text = cell.getText();
        cells.add(text == null ? "" : text);
      }
    }
    return cells;
  }

  private static void readCsv(Path file, RowHandler handler) {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      reader.mark(1);
      if (reader.read() != '\uFEFF') {
        reader.reset();
      }
      // the header tells the separator: the first line with something besides separators (within the first 64 KB)
      reader.mark(64 * 1024);
      String first = "";
      int read = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        read += line.length() + 2;
        if (!line.replaceAll("[;,\\t\\s\"]", "").isEmpty() || read > 60 * 1024) {
          first = line;
          break;
        }
      }
      reader.reset();
      char delimiter = delimiterOf(first);
      CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false).get();
      boolean headerSeen = false;
      int lineRow = 0;
      try (CSVParser parser = CSVParser.parse((Reader) reader, format)) {
        for (CSVRecord record : parser) {
          lineRow++;
          List<String> cells = record.toList();
          if (!headerSeen) {
            if (blank(cells)) {
              continue;
            }
            handler.header(cells);
            headerSeen = true;
          } else {
            handler.row(lineRow, cells);
          }
        }
      }
    } catch (UncheckedIOException e) {
      throw new SheetException(SheetException.Kind.NOT_A_SHEET, "unreadable CSV", e);
    } catch (IOException e) {
      throw new SheetException(SheetException.Kind.NOT_A_SHEET, "unreadable CSV", e);
    }
  }

  private static char delimiterOf(String headerLine) {
    int semicolons = count(headerLine, ';');
    int commas = count(headerLine, ',');
    int tabs = count(headerLine, '\t');
    if (tabs > semicolons && tabs > commas) {
      return '\t';
    }
    return semicolons >= commas && semicolons > 0 ? ';' : ',';
  }

  private static int count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }

  static boolean blank(List<String> cells) {
    for (String c : cells) {
      if (c != null && !c.isBlank()) {
        return false;
      }
    }
    return true;
  }

  /** The model: one header row. A CSV starts with a BOM (so Excel reads the accents) and is separated by {@code ;}. */
  static void writeModel(Format format, List<String> headers, OutputStream out) throws IOException {
    if (format == Format.CSV) {
      out.write(UTF8_BOM);
      Writer writer = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
      try (CSVPrinter printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setDelimiter(';').get())) {
        printer.printRecord(headers);
      }
      return;
    }
    Workbook workbook = new Workbook(out, "Atende", "1.0");
    Worksheet sheet = workbook.newWorksheet("Envio em lote");
    for (int i = 0; i < headers.size(); i++) {
      sheet.value(0, i, headers.get(i));
      sheet.style(0, i).bold().set();
      sheet.width(i, Math.max(14, headers.get(i).length() + 4));
    }
    workbook.finish();
  }
}
