package io.simrt.cli;

/** Placeholder entry point; replaced by the picocli command line. */
public final class Simrt {
    private Simrt() {}

    public static void main(String[] args) {
        System.out.println("simrt");
    }
}
