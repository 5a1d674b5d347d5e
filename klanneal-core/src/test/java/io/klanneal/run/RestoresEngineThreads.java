package io.klanneal.run;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Gives the engine its intra-op thread count back after a test whose runs set option threads. */
final class RestoresEngineThreads implements BeforeEachCallback, AfterEachCallback {

    private int threads;

    @Override
    public void beforeEach(ExtensionContext context) {
        Engine.getInstance(); // loads the native library JniUtils calls
        threads = JniUtils.getNumThreads();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        JniUtils.setNumThreads(threads);
    }
}
