package dev.soma.onnx;

import dev.soma.SomaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an ONNX ModelProto from untrusted bytes into an {@link OnnxModel}. Every count and size is bounded before
 * anything is allocated (file size, nodes, initializers, attributes, ranks, element counts, string lengths), tensor
 * data must match its dimensions exactly, external data and sparse initializers are refused, and subgraphs (the
 * attributes of If/Loop) are skipped unread: a node that needs one is refused later as an unsupported operator.
 * The fields are read with {@link WireInput} (protobuf-java's CodedInputStream), one small reader per message.
 */
final class ModelDecoder {
    static final long MAX_FILE = 1L << 30;
    static final int MAX_NODES = 100_000;
    static final int MAX_TENSORS = 100_000;
    static final int MAX_LIST = 10_000;
    static final int MAX_RANK = 8;
    static final int MAX_STRING = 16 << 20;

    private final String file;

    private ModelDecoder(String file) {
        this.file = file;
    }

    /** The file's bytes, after checking its size. */
    static byte[] read(Path path) {
        try {
            long size = Files.size(path);
            if (size > MAX_FILE) {
                throw new SomaException(path.getFileName() + ": " + size + " bytes, more than the " + MAX_FILE
                        + " bytes Soma reads from an ONNX file");
            }
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new SomaException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    static OnnxModel decode(byte[] bytes, String file) {
        if (bytes.length == 0) {
            throw new SomaException(file + ": empty file, not an ONNX model");
        }
        return new ModelDecoder(file).model(new WireInput(bytes, file));
    }

    private SomaException error(String msg) {
        return new SomaException(file + ": " + msg);
    }

    private OnnxModel model(WireInput r) {
        long ir = -1;
        int opset = -1;
        String producer = "";
        String doc = "";
        Map<String, String> meta = new LinkedHashMap<>();
        OnnxModel graph = null;
        while (r.next()) {
            switch (r.field()) {
                case 1: ir = r.int64(); break;
                case 2: producer = r.string(MAX_STRING) + producer; break;
                case 3: producer = producer + " " + r.string(MAX_STRING); break;
                case 6: doc = r.string(MAX_STRING); break;
                case 7: graph = r.message(file + " graph", () -> graph(r)); break;
                case 8: {
                    long v = r.message(file + " opset_import", () -> opset(r));
                    if (v > 0) {
                        opset = (int) v;
                    }
                    break;
                }
                case 14: {
                    if (meta.size() >= MAX_LIST) {
                        throw error("more than " + MAX_LIST + " metadata entries");
                    }
                    String[] kv = r.message(file + " metadata_props", () -> pair(r));
                    meta.put(kv[0], kv[1]);
                    break;
                }
                default: r.skip();
            }
        }
        if (ir < 0 || graph == null) {
            throw error("not an ONNX model (no " + (ir < 0 ? "ir_version" : "graph") + " field)");
        }
        if (opset < 0) {
            throw error("the model imports no version of the default operator set (opset_import)");
        }
        return new OnnxModel(ir, opset, producer.trim(), doc, graph.nodes(), graph.initializers(), graph.inputs(),
                graph.outputs(), meta);
    }

    /** OperatorSetIdProto{domain 1, version 2}: the version if it is the default domain's, else -1. */
    private long opset(WireInput o) {
        String domain = "";
        long v = -1;
        while (o.next()) {
            if (o.field() == 1) {
                domain = o.string(1024);
            } else if (o.field() == 2) {
                v = o.int64();
            } else {
                o.skip();
            }
        }
        return (domain.isEmpty() || domain.equals("ai.onnx")) && v > 0 && v < 1000 ? v : -1;
    }

    private String[] pair(WireInput e) {
        String k = "";
        String v = "";
        while (e.next()) {
            if (e.field() == 1) {
                k = e.string(MAX_STRING);
            } else if (e.field() == 2) {
                v = e.string(MAX_STRING);
            } else {
                e.skip();
            }
        }
        return new String[] {k, v};
    }

    /** GraphProto, as a model whose fields outside the graph are placeholders. */
    private OnnxModel graph(WireInput g) {
        List<OnnxNode> nodes = new ArrayList<>();
        LinkedHashMap<String, OnnxTensor> inits = new LinkedHashMap<>();
        LinkedHashMap<String, long[]> inputs = new LinkedHashMap<>();
        LinkedHashMap<String, long[]> outputs = new LinkedHashMap<>();
        while (g.next()) {
            switch (g.field()) {
                case 1:
                    if (nodes.size() >= MAX_NODES) {
                        throw error("more than " + MAX_NODES + " nodes");
                    }
                    nodes.add(g.message(file + " node " + nodes.size(), () -> node(g)));
                    break;
                case 5: {
                    if (inits.size() >= MAX_TENSORS) {
                        throw error("more than " + MAX_TENSORS + " initializers");
                    }
                    OnnxTensor t = g.message(file + " initializer " + inits.size(), () -> tensor(g));
                    inits.put(t.name(), t);
                    break;
                }
                case 15: throw error("sparse initializers are not supported");
                case 11: case 12: {
                    LinkedHashMap<String, long[]> to = g.field() == 11 ? inputs : outputs;
                    if (to.size() >= MAX_LIST) {
                        throw error("more than " + MAX_LIST + " graph inputs or outputs");
                    }
                    Object[] vi = g.message(file + " value_info", () -> ValueInfoDecoder.valueInfo(g, file));
                    to.put((String) vi[0], (long[]) vi[1]);
                    break;
                }
                default: g.skip();
            }
        }
        inputs.keySet().removeAll(inits.keySet());
        return new OnnxModel(0, 0, "", "", nodes, inits, inputs, outputs, Map.of());
    }

    private OnnxNode node(WireInput n) {
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        String name = "";
        String op = "";
        String domain = "";
        Map<String, Object> attrs = new LinkedHashMap<>();
        while (n.next()) {
            switch (n.field()) {
                case 1: case 2: {
                    List<String> to = n.field() == 1 ? in : out;
                    if (to.size() >= MAX_LIST) {
                        throw error("a node has more than " + MAX_LIST + " inputs or outputs");
                    }
                    to.add(n.string(MAX_STRING));
                    break;
                }
                case 3: name = n.string(MAX_STRING); break;
                case 4: op = n.string(1024); break;
                case 7: domain = n.string(1024); break;
                case 5: {
                    if (attrs.size() >= MAX_LIST) {
                        throw error("a node has more than " + MAX_LIST + " attributes");
                    }
                    n.message(file + " attribute", () -> attribute(n, attrs));
                    break;
                }
                default: n.skip();
            }
        }
        return new OnnxNode(name, op, domain, in, out, attrs);
    }

    private Void attribute(WireInput a, Map<String, Object> into) {
        String name = "";
        Object value = null;
        WireInput.LongList ints = new WireInput.LongList();
        float[] floats = new float[0];
        boolean list = false;
        boolean floatList = false;
        while (a.next()) {
            switch (a.field()) {
                case 1: name = a.string(1024); break;
                case 2: value = (double) a.float32(); break;
                case 3: value = a.int64(); break;
                case 4: value = a.string(MAX_STRING); break;
                case 5: value = a.message(file + " attribute tensor", () -> tensor(a)); break;
                case 7: floats = a.floats(floats, MAX_LIST); floatList = true; break;
                case 8: a.int64s(ints, MAX_LIST); list = true; break;
                default: a.skip(); // graphs, strings, sparse tensors: not used by the operators Soma reads
            }
        }
        if (value == null && floatList) {
            double[] d = new double[floats.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = floats[i];
            }
            value = d;
        } else if (value == null && list) {
            value = ints.toArray();
        }
        into.put(name, value != null ? value : Unread.INSTANCE);
        return null;
    }

    /** The value of an attribute of a kind Soma does not read (a graph, strings): present, not usable. */
    enum Unread { INSTANCE }

    private OnnxTensor tensor(WireInput t) {
        return TensorDecoder.tensor(t, file);
    }
}
