package io.simrt.models.ma2;

import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;

/** A test stream that hands out fixed uniforms and fixed normals, in order; anything else is an error. */
final class ScriptedStream implements RandomStream {
    private final double[] uniforms;
    private final double[] normals;
    private int u;
    private int z;

    ScriptedStream(double[] uniforms, double[] normals) {
        this.uniforms = uniforms.clone();
        this.normals = normals.clone();
    }

    static ScriptedStream normals(double... normals) {
        return new ScriptedStream(new double[0], normals);
    }

    static ScriptedStream uniforms(double... uniforms) {
        return new ScriptedStream(uniforms, new double[0]);
    }

    @Override
    public double nextDouble() {
        return uniforms[u++];
    }

    @Override
    public double nextGaussian() {
        return normals[z++];
    }

    @Override
    public long nextLong() {
        throw new UnsupportedOperationException("scripted stream: only nextDouble and nextGaussian");
    }

    @Override
    public RngFamily family() {
        return RngFamily.FAST;
    }

    int uniformsUsed() {
        return u;
    }

    int normalsUsed() {
        return z;
    }
}
