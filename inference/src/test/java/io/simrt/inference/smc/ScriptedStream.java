package io.simrt.inference.smc;

import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;

/** A test stream that hands out fixed uniforms and fixed normals, in order; anything else is an error. */
final class ScriptedStream implements RandomStream {
    private final double[] uniforms;
    private final double[] normals;
    private int u;
    private int z;

    private ScriptedStream(double[] uniforms, double[] normals) {
        this.uniforms = uniforms.clone();
        this.normals = normals.clone();
    }

    static ScriptedStream uniforms(double... uniforms) {
        return new ScriptedStream(uniforms, new double[0]);
    }

    static ScriptedStream of(double[] uniforms, double[] normals) {
        return new ScriptedStream(uniforms, normals);
    }

    /** How many uniforms and normals were handed out. */
    int[] used() {
        return new int[] {u, z};
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
}
