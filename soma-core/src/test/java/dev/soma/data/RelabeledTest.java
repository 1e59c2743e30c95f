package dev.soma.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.soma.SomaException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A file holding only some of a model's classes, renumbered by name. */
class RelabeledTest {
    private final ArrayDataset twoOfThree = ArrayDataset.classification("test.csv",
            new float[] {1, 2, 3, 4, 5, 6}, 2, new int[] {0, 1, 1}, 2, List.of("setosa", "virginica"));

    @Test
    void renumbersByName() {
        Dataset d = Relabeled.to(twoOfThree, List.of("setosa", "versicolor", "virginica"));
        assertEquals(3, d.classes());
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.classNames());
        assertEquals(0, d.label(0));
        assertEquals(2, d.label(1), "virginica is class 2 of the model, class 1 of the file");
        assertEquals(2, d.label(2));
        float[] x = new float[4];
        d.inputs(new int[] {2, 0}, 0, 2, x);
        assertArrayEquals(new float[] {5, 6, 1, 2}, x);
        assertEquals(3, d.size());
        assertEquals(2, d.features());
    }

    @Test
    void sameNamesGiveTheSameSet() {
        assertSame(twoOfThree, Relabeled.to(twoOfThree, List.of("setosa", "virginica")));
    }

    @Test
    void unknownClassIsRefusedByName() {
        SomaException e = assertThrows(SomaException.class, () -> Relabeled.to(twoOfThree, List.of("setosa", "versicolor")));
        assertEquals("test.csv: class 'virginica' is not one of the 2 classes [setosa, versicolor]", e.getMessage());
    }

    @Test
    void regressionHasNoClasses() {
        ArrayDataset r = ArrayDataset.regression("houses", new float[] {1, 2}, 1, new float[] {3, 4}, 1);
        SomaException e = assertThrows(SomaException.class, () -> Relabeled.to(r, List.of("a")));
        assertEquals("houses: a regression set has no classes to relabel", e.getMessage());
    }
}
