package io.klanneal.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** How many attempts Spark makes per task, which decides when a task stops asking for a retry. */
class AttemptsTest {

    @Test
    void localModeMakesOneAttemptUnlessTheMasterSaysHowMany() {
        SparkConf conf = new SparkConf(false).set("spark.task.maxFailures", "7");
        assertEquals(1, SparkComparison.attempts("local", conf));
        assertEquals(1, SparkComparison.attempts("local[2]", conf));
        assertEquals(1, SparkComparison.attempts("local[*]", conf));
        assertEquals(3, SparkComparison.attempts("local[1,3]", conf));
    }

    @Test
    void aClusterMakesSparkTaskMaxFailuresAttempts() {
        assertEquals(4, SparkComparison.attempts("spark://127.0.0.1:7077", new SparkConf(false)));
        assertEquals(7, SparkComparison.attempts(
                "spark://127.0.0.1:7077", new SparkConf(false).set("spark.task.maxFailures", "7")));
    }
}
