package io.simrt.runtime.observe;

import java.util.Locale;

/** What the dashboard's SVG drawings share: escaping text for XML and writing coordinates. */
final class Svg {
    private Svg() {}

    /** {@code s} safe as XML text or an attribute value: the five markup characters and controls replaced. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c < 0x20 ? ' ' : c);
            }
        }
        return b.toString();
    }

    /** A coordinate with one decimal. */
    static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** A value for an axis label: 3 significant digits. */
    static String label(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    static String open(int width, int height, String title) {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"" + height
                + "\" viewBox=\"0 0 " + width + " " + height + "\" font-family=\"sans-serif\" font-size=\"10\">"
                + "<title>" + escape(title) + "</title><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>";
    }
}
