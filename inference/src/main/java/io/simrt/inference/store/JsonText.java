package io.simrt.inference.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The store's JSON columns: arrays of strings and of numbers, and objects of named numbers. */
final class JsonText {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonText() {}

    static String strings(List<String> values) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartArray();
            for (String v : values) {
                g.writeString(v);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    static String numbers(double[] values) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartArray();
            for (double v : values) {
                if (Double.isFinite(v)) {
                    g.writeNumber(v);
                } else {
                    g.writeString(Double.toString(v));
                }
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** A JSON object {@code {names[i]: values[i], ...}}; values that are not finite as strings, as in arrays. */
    static String object(List<String> names, double[] values) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            for (int i = 0; i < values.length; i++) {
                g.writeFieldName(names.get(i));
                if (Double.isFinite(values[i])) {
                    g.writeNumber(values[i]);
                } else {
                    g.writeString(Double.toString(values[i]));
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** @throws StoreException if {@code text} is not an array of numbers (or of non-finite ones as strings) */
    static double[] parseNumbers(String text, String what) {
        List<Double> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new StoreException(what + " is not a JSON array: " + text);
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t == JsonToken.VALUE_STRING) {
                    out.add(Double.parseDouble(p.getText()));
                } else if (t.isNumeric()) {
                    out.add(p.getDoubleValue());
                } else {
                    throw new StoreException(what + " holds a " + t + " where a number was due: " + text);
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new StoreException(what + " is not a JSON array of numbers: " + e.getMessage(), e);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** @throws StoreException if {@code text} is not an array of strings */
    static List<String> parseStrings(String text, String what) {
        List<String> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new StoreException(what + " is not a JSON array: " + text);
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.VALUE_STRING) {
                    throw new StoreException(what + " holds a " + t + " where a string was due: " + text);
                }
                out.add(p.getText());
            }
        } catch (IOException e) {
            throw new StoreException(what + " is not JSON: " + e.getMessage(), e);
        }
        return out;
    }
}
