import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.gephi.graph.api.Column;
import org.gephi.graph.api.Element;
import org.gephi.graph.api.Graph;
import org.gephi.graph.api.GraphController;
import org.gephi.graph.api.GraphModel;
import org.gephi.io.importer.api.Container;
import org.gephi.io.importer.api.ImportController;
import org.gephi.io.importer.api.Issue;
import org.gephi.io.importer.api.Report;
import org.gephi.io.importer.spi.FileImporter;
import org.gephi.io.processor.plugin.DefaultProcessor;
import org.gephi.project.api.ProjectController;
import org.gephi.project.api.Workspace;
import org.openide.util.Lookup;

/**
 * Reads graph files with the Gephi Toolkit (headless) and prints one JSON object per file on stdout.
 *
 * <p>Proof that Gephi itself, not just networkx, reads guanxi's GraphML and GEXF exports. Keys: path,
 * importer, nodes, edges, directed, undirected, mixed, node_columns / edge_columns (attribute column titles
 * to their Java type, built-in Id/Label/... left out), labels and edge_labels (first few node and edge labels
 * in file order), edge_kinds (the number of edge kinds: Gephi keeps one edge per source, target and kind),
 * severe (messages of the SEVERE and CRITICAL issues of the import), issues ("LEVEL: message" of every
 * issue, INFO included); or path and error.
 *
 * <p>Usage: {@code java -Djava.awt.headless=true -cp gephi-toolkit-0.10.1-all.jar:DIR GephiRead [--labels N] FILE...}.
 * Exit code 0 when every file was read, 1 otherwise.
 */
public final class GephiRead {
  private GephiRead() {}

  public static void main(String[] args) throws Exception {
    // Gephi and NetBeans log to stdout; keep stdout for our JSON only.
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    int maxLabels = 5;
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--labels") && i + 1 < args.length) {
        maxLabels = Integer.parseInt(args[++i]);
      } else {
        paths.add(args[i]);
      }
    }
    ProjectController pc = Lookup.getDefault().lookup(ProjectController.class);
    ImportController ic = Lookup.getDefault().lookup(ImportController.class);
    GraphController gc = Lookup.getDefault().lookup(GraphController.class);
    boolean allOk = true;
    for (String path : paths) {
      String json;
      try {
        json = read(pc, ic, gc, new File(path), maxLabels);
      } catch (Exception e) {
        allOk = false;
        json = "{\"path\":" + str(path) + ",\"error\":" + str(e.getClass().getSimpleName() + ": " + e.getMessage()) + "}";
      }
      out.println(json);
    }
    out.flush();
    System.exit(allOk ? 0 : 1);
  }

  private static String read(ProjectController pc, ImportController ic, GraphController gc, File file, int maxLabels)
      throws Exception {
    if (!file.isFile()) {
      throw new IllegalArgumentException("no such file");
    }
    pc.newProject();
    try {
      Workspace ws = pc.getCurrentWorkspace();
      // The importer is chosen by extension (.graphml, .gexf, ...), as in Gephi's File > Open.
      FileImporter importer = ic.getFileImporter(file);
      if (importer == null) {
        throw new IllegalArgumentException("no Gephi importer for this file type");
      }
      Container container = ic.importFile(file, importer);
      if (container == null) {
        throw new IllegalStateException("import failed");
      }
      // Gephi's defaults, as a user opening the file gets them: an edge to an undeclared node creates that
      // node and verify() logs "Some nodes were created based on edges' source and target" (INFO, listed
      // in "issues"). Turning auto nodes off after the import would drop such edges without a word.
      container.verify();
      // Parse problems are in the importer's report; verify() copies them into the container's and adds
      // its own. Read them now: processing the container empties its report.
      List<Report> reports = new ArrayList<>();
      if (importer.getReport() != null) {
        reports.add(importer.getReport());
      }
      if (container.getReport() != null) {
        reports.add(container.getReport());
      }
      String severe = issues(reports, Issue.Level.SEVERE);
      String issues = issues(reports, null);
      ic.process(container, new DefaultProcessor(), ws);
      GraphModel gm = gc.getGraphModel(ws);
      Graph graph = gm.getGraph();
      StringBuilder sb = new StringBuilder("{");
      sb.append("\"path\":").append(str(file.getPath()));
      sb.append(",\"importer\":").append(str(importer.getClass().getSimpleName()));
      sb.append(",\"nodes\":").append(graph.getNodeCount());
      sb.append(",\"edges\":").append(graph.getEdgeCount());
      sb.append(",\"directed\":").append(gm.isDirected());
      sb.append(",\"undirected\":").append(gm.isUndirected());
      sb.append(",\"mixed\":").append(gm.isMixed());
      sb.append(",\"node_columns\":").append(columns(gm.getNodeTable()));
      sb.append(",\"edge_columns\":").append(columns(gm.getEdgeTable()));
      sb.append(",\"labels\":").append(firstLabels(graph.getNodes(), maxLabels));
      sb.append(",\"edge_labels\":").append(firstLabels(graph.getEdges(), maxLabels));
      sb.append(",\"edge_kinds\":").append(gm.getEdgeTypeLabels(false).length);
      sb.append(",\"severe\":").append(severe);
      sb.append(",\"issues\":").append(issues);
      return sb.append("}").toString();
    } finally {
      pc.closeCurrentProject();
    }
  }

  /** The labels of the first {@code max} elements as a JSON array (null for an element without label). */
  private static String firstLabels(Iterable<? extends Element> elements, int max) {
    List<String> labels = new ArrayList<>();
    for (Element e : elements) {
      if (labels.size() >= max) {
        break;
      }
      labels.add(str(e.getLabel()));
    }
    return "[" + String.join(",", labels) + "]";
  }

  private static String columns(Iterable<Column> table) {
    List<String> parts = new ArrayList<>();
    for (Column col : table) {
      if (!col.isProperty()) { // built-ins (Id, Label, Weight, Interval...) are properties
        parts.add(str(col.getTitle()) + ":" + str(col.getTypeClass().getSimpleName()));
      }
    }
    return "{" + String.join(",", parts) + "}";
  }

  /**
   * Issues of the reports, each once: messages of SEVERE and CRITICAL ones for {@code Issue.Level.SEVERE},
   * "LEVEL: message" of all of them for null.
   */
  private static String issues(List<Report> reports, Issue.Level level) {
    Set<String> parts = new LinkedHashSet<>();
    for (Report report : reports) {
      for (Issue issue : report.getIssuesList(Integer.MAX_VALUE)) {
        Issue.Level l = issue.getLevel();
        if (level == null) {
          parts.add(str(l + ": " + issue.getMessage()));
        } else if (l == Issue.Level.SEVERE || l == Issue.Level.CRITICAL) {
          parts.add(str(issue.getMessage()));
        }
      }
    }
    return "[" + String.join(",", parts) + "]";
  }

  /** A JSON string literal (null for null). */
  private static String str(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
