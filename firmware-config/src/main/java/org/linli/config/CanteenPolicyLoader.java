package org.linli.config;

import org.linli.config.canteen.AgeTier;
import org.linli.config.canteen.DailyCap;
import org.linli.config.canteen.HardshipTier;
import org.linli.config.canteen.MealWindow;
import org.linli.config.canteen.SubsidyBasis;
import org.linli.config.canteen.SubsidyPolicy;
import org.linli.config.canteen.VerificationMethod;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads and validates an elder-canteen subsidy policy ({@link SubsidyPolicy}) from YAML, reporting every
 * problem at once with file, line and path, like {@link SiteLoader}, e.g.
 * {@code beijing.yaml:12: windows[1].from: lunch overlaps breakfast (06:00-09:00)}.
 *
 * <p>Presets for the cities in the domain notes ship as resources: {@link #PRESETS}.
 */
public final class CanteenPolicyLoader {
    /** Preset ids, each a resource {@code org/linli/config/canteen/<id>.yaml}. */
    public static final List<String> PRESETS = List.of("beijing", "shenzhen-futian", "xuyi");

    /** 1,000 yuan: far above any meal; a larger amount is a typo (yuan written as fen * 100, say). */
    private static final int MAX_FEN = 100_000;

    private CanteenPolicyLoader() {
    }

    /** Loads {@code file}; the file name is used in problems. */
    public static SubsidyPolicy load(Path file) throws ConfigException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.toString(), reader);
        } catch (NoSuchFileException e) {
            throw unreadable(file.toString(), "no such file (check the name and the folder)");
        } catch (IOException e) {
            throw unreadable(file.toString(), "cannot read: " + e.getMessage());
        }
    }

    /** Loads a shipped preset, one of {@link #PRESETS}. */
    public static SubsidyPolicy preset(String id) throws ConfigException {
        if (!PRESETS.contains(id)) {
            throw unreadable(id, "no such preset (known: " + String.join(", ", PRESETS) + ")");
        }
        String resource = "canteen/" + id + ".yaml";
        InputStream in = CanteenPolicyLoader.class.getResourceAsStream(resource);
        if (in == null) {
            throw unreadable(resource, "preset missing from the class path");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return parse(resource, reader);
        } catch (IOException e) {
            throw unreadable(resource, "cannot read: " + e.getMessage());
        }
    }

    /** Parses YAML text; {@code source} names it in problems. */
    public static SubsidyPolicy parse(String source, String yaml) throws ConfigException {
        return parse(source, new StringReader(yaml));
    }

    private static ConfigException unreadable(String source, String message) {
        return new ConfigException(List.of(new ConfigProblem(source, 0, "", message)), true);
    }

    private static SubsidyPolicy parse(String source, Reader reader) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        YamlNode root = YamlTree.parse(source, reader, problems);
        NodeReader r = new NodeReader(source, root, problems);
        if (!r.isMap(root)) {
            throw new ConfigException(problems, false);
        }
        r.allowOnly(root, "id", "name", "ageTiers", "hardshipTiers", "residencyRequired", "windows",
                "oneMealPerWindow", "dailyCap", "itemPrices", "verification", "faceMinScore");
        String id = r.id(root, "id", true);
        String name = r.string(root, "name", false);
        List<AgeTier> ageTiers = r.list(root, "ageTiers", false, n -> ageTier(n, r));
        List<HardshipTier> hardshipTiers = r.list(root, "hardshipTiers", false, n -> hardshipTier(n, r));
        boolean residency = r.bool(root, "residencyRequired", false);
        List<MealWindow> windows = r.list(root, "windows", true, n -> window(n, r));
        boolean onePerWindow = r.bool(root, "oneMealPerWindow", true);
        DailyCap cap = dailyCap(root, r);
        Map<String, Long> items = itemPrices(root, r);
        Set<VerificationMethod> verification = verification(root, r);
        Integer faceMinScore = r.integer(root, "faceMinScore", false, 0, 100);

        checkDistinct(ageTiers, hardshipTiers, r);
        boolean tierProblems = problems.stream()
                .anyMatch(p -> p.path().startsWith("ageTiers") || p.path().startsWith("hardshipTiers"));
        if (ageTiers.isEmpty() && hardshipTiers.isEmpty() && !tierProblems) {
            r.problem("ageTiers", "required: a policy needs at least one age or hardship tier, or it subsidises no one");
        }
        checkWindows(windows, r);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems, false);
        }
        return new SubsidyPolicy(id, name == null ? id : name, ageTiers, hardshipTiers, residency, windows,
                onePerWindow, cap, items, verification, faceMinScore == null ? 0 : faceMinScore);
    }

    private static AgeTier ageTier(YamlNode n, NodeReader r) {
        if (!r.isMap(n)) {
            return null;
        }
        r.allowOnly(n, "minAge", "subsidyFen", "per");
        Integer minAge = r.integer(n, "minAge", true, 0, 150);
        Integer fen = r.integer(n, "subsidyFen", true, 1, MAX_FEN);
        SubsidyBasis basis = basis(n, r);
        return minAge == null || fen == null || basis == null ? null : new AgeTier(minAge, fen, basis);
    }

    private static HardshipTier hardshipTier(YamlNode n, NodeReader r) {
        if (!r.isMap(n)) {
            return null;
        }
        r.allowOnly(n, "category", "minAge", "subsidyFen", "per");
        String category = r.id(n, "category", true);
        Integer minAge = r.integer(n, "minAge", false, 0, 150);
        Integer fen = r.integer(n, "subsidyFen", true, 1, MAX_FEN);
        SubsidyBasis basis = basis(n, r);
        return category == null || fen == null || basis == null ? null
                : new HardshipTier(category, minAge == null ? 0 : minAge, fen, basis);
    }

    private static SubsidyBasis basis(YamlNode n, NodeReader r) {
        return r.enumValue(n, "per", SubsidyBasis.class, SubsidyBasis.MEAL);
    }

    /** Two tiers for the same people would make the amount depend on the order of the file. */
    private static void checkDistinct(List<AgeTier> ageTiers, List<HardshipTier> hardshipTiers, NodeReader r) {
        Set<Integer> ages = new HashSet<>();
        for (int i = 0; i < ageTiers.size(); i++) {
            if (!ages.add(ageTiers.get(i).minAge())) {
                r.problem("ageTiers[" + i + "].minAge", "a second tier for age " + ageTiers.get(i).minAge());
            }
        }
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < hardshipTiers.size(); i++) {
            if (!codes.add(hardshipTiers.get(i).code())) {
                r.problem("hardshipTiers[" + i + "]", "a second tier for category '" + hardshipTiers.get(i).category()
                        + "' at age " + hardshipTiers.get(i).minAge());
            }
        }
    }

    private static MealWindow window(YamlNode n, NodeReader r) {
        if (!r.isMap(n)) {
            return null;
        }
        r.allowOnly(n, "name", "label", "from", "to", "priceFen");
        String name = r.id(n, "name", true);
        String label = r.string(n, "label", false);
        LocalTime from = r.time(n, "from");
        LocalTime to = r.time(n, "to");
        Integer price = r.integer(n, "priceFen", true, 0, MAX_FEN);
        if (from != null && to != null && !from.isBefore(to)) {
            r.problem(YamlNode.child(n.path(), "to"), "must be after from (" + from
                    + "); a meal window does not run over midnight");
            return null;
        }
        if (name == null || from == null || to == null || price == null) {
            return null;
        }
        return new MealWindow(name, label == null ? name : label, from, to, price);
    }

    private static void checkWindows(List<MealWindow> windows, NodeReader r) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < windows.size(); i++) {
            MealWindow w = windows.get(i);
            if (seen.putIfAbsent(w.name(), i) != null) {
                r.problem("windows[" + i + "].name", "duplicate window '" + w.name() + "'");
            }
            for (int j = 0; j < i; j++) {
                MealWindow earlier = windows.get(j);
                if (w.from().isBefore(earlier.to()) && earlier.from().isBefore(w.to())) {
                    r.problem("windows[" + i + "].from", w.name() + " overlaps " + earlier.name() + " ("
                            + earlier.from() + "-" + earlier.to() + "): one moment must belong to one window");
                }
            }
        }
    }

    private static DailyCap dailyCap(YamlNode root, NodeReader r) {
        YamlNode n = r.get(root, "dailyCap");
        if (n == null || !r.isMap(n)) {
            return DailyCap.NONE;
        }
        r.allowOnly(n, "meals", "subsidyFen");
        Integer meals = r.integer(n, "meals", false, 1, 10);
        Integer fen = r.integer(n, "subsidyFen", false, 1, MAX_FEN);
        if (meals == null && fen == null && n.fields().isEmpty()) {
            r.problem(n, "write meals, subsidyFen or both (or leave dailyCap out for no cap)");
        }
        return new DailyCap(meals == null ? Integer.MAX_VALUE : meals, fen == null ? Long.MAX_VALUE : fen);
    }

    private static Map<String, Long> itemPrices(YamlNode root, NodeReader r) {
        YamlNode n = r.get(root, "itemPrices");
        Map<String, Long> out = new LinkedHashMap<>();
        if (n == null || !r.isMap(n)) {
            return out;
        }
        for (String item : n.fields().keySet()) {
            if (!Ids.isValid(item)) {
                r.problem(n.fields().get(item), "'" + item + "' is not a valid item id (" + Ids.rule() + ")");
                continue;
            }
            Integer fen = r.integer(n, item, true, 0, MAX_FEN);
            if (fen != null) {
                out.put(item, fen.longValue());
            }
        }
        return out;
    }

    private static Set<VerificationMethod> verification(YamlNode root, NodeReader r) {
        Set<VerificationMethod> methods = EnumSet.noneOf(VerificationMethod.class);
        YamlNode node = r.get(root, "verification");
        if (node == null) {
            r.problem("verification", "required: list the accepted methods (face, card, id, pin); "
                    + "at least one must not be face");
            return methods;
        }
        boolean bad = false;
        for (String text : r.strings(root, "verification")) {
            VerificationMethod m = method(text);
            if (m == null) {
                r.problem("verification", "'" + text + "' is not one of " + NodeReader.names(VerificationMethod.class));
                bad = true;
            } else {
                methods.add(m);
            }
        }
        if (!bad && node.type() == YamlNode.Type.LIST && methods.stream().allMatch(m -> m == VerificationMethod.FACE)) {
            r.problem("verification", "a non-face way (card, id or pin) must always exist: "
                    + "PIPL and the facial-recognition measures require an alternative to the face");
        }
        return methods;
    }

    private static VerificationMethod method(String text) {
        for (VerificationMethod m : VerificationMethod.values()) {
            if (m.name().equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        return null;
    }
}
