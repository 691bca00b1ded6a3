package io.beliefstream.eval.ucr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The archive's rule on hand-made scores: 1-based positions, argmax after the training part, first on ties. */
class UcrScorerTest {
    /** 1,000 points, training 1..300, anomaly at positions 500..510. */
    private static final UcrLabel LABEL = new UcrLabel("001_UCR_Anomaly_x_300_500_510.txt", 1000, 300, 500, 510, 1,
            false);

    private static double[] peakAtPosition(int position) {
        double[] s = new double[LABEL.points()];
        s[position - 1] = 1.0;
        return s;
    }

    @Test
    void shouldReportTheOneBasedPositionOfTheHighestScore() {
        assertThat(UcrScorer.foundPosition(peakAtPosition(505), LABEL.trainEnd())).isEqualTo(505);
    }

    @Test
    void shouldIgnoreScoresInTheTrainingPart() {
        double[] s = peakAtPosition(700);
        s[299] = 5.0; // position 300, the last training point
        s[100] = 9.0;
        assertThat(UcrScorer.foundPosition(s, LABEL.trainEnd())).isEqualTo(700);
        s[300] = 9.0; // position 301, the first point after training
        assertThat(UcrScorer.foundPosition(s, LABEL.trainEnd())).isEqualTo(301);
    }

    @Test
    void shouldTakeTheFirstPositionOnTies() {
        double[] s = new double[LABEL.points()];
        assertThat(UcrScorer.foundPosition(s, LABEL.trainEnd())).isEqualTo(301);
        s[899] = 1.0;
        s[504] = 1.0;
        assertThat(UcrScorer.foundPosition(s, LABEL.trainEnd())).isEqualTo(505);
        assertThat(UcrScorer.solved(LABEL, s)).isTrue();
    }

    @Test
    void shouldSolveExactlyWithinOneHundredPointsOfTheAnomaly() {
        assertThat(UcrScorer.solved(LABEL, peakAtPosition(399))).isFalse();
        assertThat(UcrScorer.solved(LABEL, peakAtPosition(400))).isTrue();
        assertThat(UcrScorer.solved(LABEL, peakAtPosition(500))).isTrue();
        assertThat(UcrScorer.solved(LABEL, peakAtPosition(510))).isTrue();
        assertThat(UcrScorer.solved(LABEL, peakAtPosition(610))).isTrue();
        assertThat(UcrScorer.solved(LABEL, peakAtPosition(611))).isFalse();
    }

    @Test
    void shouldRefuseNaNScoresAndSeriesWithNothingAfterTraining() {
        double[] s = peakAtPosition(505);
        s[600] = Double.NaN;
        assertThatThrownBy(() -> UcrScorer.foundPosition(s, LABEL.trainEnd())).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> UcrScorer.foundPosition(new double[10], 10)).isInstanceOf(
                IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseLabelsWhoseAnomalyIsNotAfterTraining() {
        assertThatThrownBy(() -> new UcrLabel("f.txt", 1000, 600, 500, 510, 1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after trainEnd");
        assertThatThrownBy(() -> new UcrLabel("f.txt", 1000, 300, 500, 1001, 1, false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
