package io.klanneal.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

class OptimizerChoiceTest {

    @Test
    void adamSgdAndSgdWithMomentumAreReadAndWrittenBackTheSameWay() {
        for (String text : new String[] {"adam", "sgd", "sgd:momentum=0.9"}) {
            assertEquals(text, OptimizerChoice.parse(text).toString());
        }
        assertEquals(OptimizerChoice.ADAM, OptimizerChoice.parse(" ADAM "));
        assertInstanceOf(ResumableAdam.class, OptimizerChoice.ADAM.create(Tracker.fixed(0.1f)));
        assertInstanceOf(ResumableSgd.class, OptimizerChoice.parse("sgd:momentum=0.5").create(Tracker.fixed(0.1f)));
    }

    @Test
    void anythingElseIsRefusedNamingWhatIsAllowed() {
        for (String bad : new String[] {"rmsprop", "sgd:momentum=1", "sgd:momentum=-0.1", "sgd:momentum=x", "adam:beta1=0.5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OptimizerChoice.parse(bad));
            assertEquals("'" + bad + "' is not an optimizer; write adam, sgd or sgd:momentum=M with 0 <= M < 1",
                    e.getMessage());
        }
    }
}
