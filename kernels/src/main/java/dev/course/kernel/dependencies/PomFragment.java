package dev.course.kernel.dependencies;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The {@code <dependency>} and {@code <repository>} elements of a POM, or of loose POM XML as a
 * {@code %%loadFromPOM} cell holds it — a whole {@code <project>}, or just the elements, in any
 * order. Dependencies with scope {@code test}, {@code provided} or {@code system} are left out, as
 * they are not on a program's runtime class path. Properties ({@code ${x}}) are not expanded.
 *
 * @param dependencies Maven coordinates, {@code groupId:artifactId[:extension[:classifier]]:version}
 * @param repositories the repositories named
 * @param skipped      dependencies left out, with why
 */
public record PomFragment(List<String> dependencies, List<Repository> repositories, List<String> skipped) {

    /** Largest XML accepted. */
    public static final int MAX_CHARS = 1024 * 1024;

    private static final List<String> NOT_AT_RUNTIME = List.of("test", "provided", "system");

    public PomFragment {
        dependencies = List.copyOf(dependencies);
        repositories = List.copyOf(repositories);
        skipped = List.copyOf(skipped);
    }

    /** Reads the elements; a message naming what is wrong otherwise. */
    public static PomFragment parse(String xml) throws ResolutionException {
        if (xml.length() > MAX_CHARS) {
            throw new ResolutionException("POM XML of at most " + MAX_CHARS / 1024 + " KB, please");
        }
        String body = xml.strip().replaceFirst("^<\\?xml[^>]*\\?>", "");
        Document document = read("<pom-fragment>" + body + "</pom-fragment>");
        List<String> dependencies = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        NodeList dependencyElements = document.getElementsByTagName("dependency");
        for (int i = 0; i < dependencyElements.getLength(); i++) {
            Element dependency = (Element) dependencyElements.item(i);
            if (isInside(dependency, "dependencyManagement") || isInside(dependency, "plugin")) {
                continue; // versions for later, or a plugin's own: not dependencies of this code
            }
            String coordinates = coordinates(dependency);
            String scope = text(dependency, "scope").toLowerCase(Locale.ROOT);
            if (NOT_AT_RUNTIME.contains(scope)) {
                skipped.add(coordinates + " (scope " + scope + ")");
            } else {
                dependencies.add(coordinates);
            }
        }
        List<Repository> repositories = new ArrayList<>();
        NodeList repositoryElements = document.getElementsByTagName("repository");
        for (int i = 0; i < repositoryElements.getLength(); i++) {
            Element repository = (Element) repositoryElements.item(i);
            try {
                repositories.add(new Repository(text(repository, "id"), text(repository, "url")));
            } catch (IllegalArgumentException e) {
                throw new ResolutionException("a <repository> needs an <id> and an <url>: " + e.getMessage());
            }
        }
        if (dependencies.isEmpty() && skipped.isEmpty()) {
            throw new ResolutionException("no <dependency> elements found; write them as in a pom.xml");
        }
        return new PomFragment(dependencies, repositories, skipped);
    }

    private static String coordinates(Element dependency) throws ResolutionException {
        String groupId = text(dependency, "groupId");
        String artifactId = text(dependency, "artifactId");
        String version = text(dependency, "version");
        if (groupId.isEmpty() || artifactId.isEmpty() || version.isEmpty()) {
            throw new ResolutionException("a <dependency> needs <groupId>, <artifactId> and <version> (got "
                    + groupId + ":" + artifactId + ":" + version + ")");
        }
        if ((groupId + artifactId + version).contains("${")) {
            throw new ResolutionException("properties are not expanded here: write the value instead of "
                    + groupId + ":" + artifactId + ":" + version);
        }
        String type = text(dependency, "type");
        String classifier = text(dependency, "classifier");
        if (type.equals("test-jar")) {
            type = "jar";
            classifier = classifier.isEmpty() ? "tests" : classifier;
        }
        String extension = type.isEmpty() || type.equals("bundle") ? "jar" : type;
        return groupId + ":" + artifactId + ":" + extension + (classifier.isEmpty() ? "" : ":" + classifier) + ":" + version;
    }

    /** The text of a direct child element, stripped; empty if there is none. */
    private static String text(Element parent, String name) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals(name)) {
                return element.getTextContent().strip();
            }
        }
        return "";
    }

    private static boolean isInside(Node node, String ancestor) {
        for (Node parent = node.getParentNode(); parent != null; parent = parent.getParentNode()) {
            if (parent instanceof Element element && element.getTagName().equals(ancestor)) {
                return true;
            }
        }
        return false;
    }

    /** Parses without DTDs or external entities: the XML comes from a cell. */
    private static Document read(String xml) throws ResolutionException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new InputSource(new StringReader(xml)));
        } catch (SAXException e) {
            throw new ResolutionException("the POM XML does not parse: " + e.getMessage());
        } catch (ParserConfigurationException | IOException e) {
            throw new ResolutionException("the POM XML could not be read: " + e.getMessage());
        }
    }
}
