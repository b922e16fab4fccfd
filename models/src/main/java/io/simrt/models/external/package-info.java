/**
 * Simulators that run as external worker processes (any language) speaking the batch protocol of
 * docs/external-simulators.md over their stdin and stdout. JDK only: {@link java.lang.ProcessBuilder}.
 */
package io.simrt.models.external;
