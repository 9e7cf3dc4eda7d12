package com.mangaassist.planner.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One object of a planner JSON file, read strictly: every field is required, unknown fields are
 * refused, numbers are range-checked, and every refusal names the file and the field's full path
 * ({@code fargate.startMinSeconds}). A leaf is either a bare value or {@code {"value": v,
 * "source": "..."}}; the bundled defaults use the second form so that every default says where it
 * comes from.
 */
public final class ConfigNode {

    private final String file;
    private final String path;
    private final JsonNode node;

    ConfigNode(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
        if (node == null || !node.isObject()) {
            throw refuse(path.isEmpty() ? "the document" : path, "must be a JSON object");
        }
    }

    public static ConfigNode root(String file, JsonNode node) {
        return new ConfigNode(file, "", node);
    }

    public String path() {
        return path;
    }

    public ConfigNode object(String name) {
        return new ConfigNode(file, qualify(name), required(name));
    }

    public List<ConfigNode> objects(String name) {
        JsonNode array = required(name);
        if (!array.isArray()) {
            throw refuse(qualify(name), "must be an array of objects");
        }
        List<ConfigNode> items = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            items.add(new ConfigNode(file, qualify(name) + "[" + i + "]", array.get(i)));
        }
        return items;
    }

    public double number(String name, double min, double max) {
        JsonNode leaf = leaf(name);
        if (!leaf.isNumber()) {
            throw refuse(qualify(name), "must be a number");
        }
        double value = leaf.doubleValue();
        if (!(value >= min && value <= max)) {
            throw refuse(qualify(name), "must be within " + plain(min) + ".." + plain(max) + ", got " + plain(value));
        }
        return value;
    }

    public int integer(String name, int min, int max) {
        JsonNode leaf = leaf(name);
        if (!leaf.isIntegralNumber()) {
            throw refuse(qualify(name), "must be a whole number");
        }
        long value = leaf.longValue();
        if (value < min || value > max) {
            throw refuse(qualify(name), "must be within " + min + ".." + max + ", got " + value);
        }
        return (int) value;
    }

    public boolean bool(String name) {
        JsonNode leaf = leaf(name);
        if (!leaf.isBoolean()) {
            throw refuse(qualify(name), "must be true or false");
        }
        return leaf.booleanValue();
    }

    public String text(String name) {
        JsonNode leaf = leaf(name);
        if (!leaf.isTextual() || leaf.textValue().isBlank()) {
            throw refuse(qualify(name), "must be a non-empty string");
        }
        return leaf.textValue();
    }

    /** The source a leaf gives for its value; {@code null} for a bare value. */
    public String source(String name) {
        JsonNode raw = node.get(name);
        return raw != null && raw.isObject() && raw.get("source") != null ? raw.get("source").asText() : null;
    }

    public List<String> leafNames() {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    public boolean isLeaf(String name) {
        JsonNode raw = node.get(name);
        return raw != null && (!raw.isObject() || raw.has("value"));
    }

    public void rejectUnknown(Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw refuse(qualify(name), "is not a known field (known here: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    public PlannerInputException refuse(String field, String problem) {
        return new PlannerInputException(file + ": field '" + field + "' " + problem + ".");
    }

    private JsonNode leaf(String name) {
        JsonNode raw = required(name);
        if (raw.isObject()) {
            JsonNode value = raw.get("value");
            for (Iterator<String> names = raw.fieldNames(); names.hasNext(); ) {
                String key = names.next();
                if (!key.equals("value") && !key.equals("source")) {
                    throw refuse(qualify(name) + "." + key, "is not a known field (a parameter holds 'value' and 'source')");
                }
            }
            if (value == null || value.isNull()) {
                throw refuse(qualify(name) + ".value", "is missing");
            }
            return value;
        }
        return raw;
    }

    private JsonNode required(String name) {
        JsonNode raw = node.get(name);
        if (raw == null || raw.isNull()) {
            throw refuse(qualify(name), "is missing");
        }
        return raw;
    }

    private String qualify(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String plain(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
