package dev.soma.data;

import dev.soma.SomaException;
import java.util.ArrayList;
import java.util.List;

/**
 * A classification data set seen with another list of class names: each example's class is looked up by name in
 * the new list. This is how a model is evaluated on a file that holds only some of its classes (a CSV whose test
 * part lacks one class numbers its classes differently): the labels follow the model's names, not the file's.
 */
public final class Relabeled extends ForwardingDataset {
    private final List<String> classNames;
    private final int[] map;

    private Relabeled(Dataset data, List<String> classNames, int[] map) {
        super(data);
        this.classNames = List.copyOf(classNames);
        this.map = map;
    }

    /**
     * {@code data} with its classes renumbered by name into {@code classNames}; {@code data} itself when the names
     * are already the same. Fails with the first class of the data that is not in {@code classNames}.
     */
    public static Dataset to(Dataset data, List<String> classNames) {
        if (!data.isClassification()) {
            throw new SomaException(data.name() + ": a regression set has no classes to relabel");
        }
        List<String> own = data.classNames();
        if (own.equals(classNames)) {
            return data;
        }
        int[] map = new int[own.size()];
        for (int c = 0; c < map.length; c++) {
            map[c] = classNames.indexOf(own.get(c));
            if (map[c] < 0) {
                throw new SomaException(data.name() + ": class '" + own.get(c) + "' is not one of the "
                        + classNames.size() + " classes " + classNames);
            }
        }
        return new Relabeled(data, new ArrayList<>(classNames), map);
    }

    @Override
    public boolean isClassification() {
        return true;
    }

    @Override
    public int classes() {
        return classNames.size();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int label(int i) {
        return map[data.label(i)];
    }
}
