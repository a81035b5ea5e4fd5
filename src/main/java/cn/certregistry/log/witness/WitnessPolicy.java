package cn.certregistry.log.witness;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A C2SP tlog-policy's witnesses, groups and quorum: which witnesses the register asks to cosign (those with a URL),
 * and whether a set of cosigners is enough. Log lines are the register's own to write when it publishes the policy, so
 * they are not read here.
 */
public final class WitnessPolicy {

    /** A witness of the policy: its name there, its verifier key and its submission prefix, if any. */
    public record Witness(String name, Cosignature.Verifier verifier, URI url) {
    }

    private record Group(int threshold, List<String> members) {
    }

    /** No witnesses, and no cosignatures needed. */
    public static final WitnessPolicy NONE = new WitnessPolicy(List.of(), Map.of(), "none", "quorum none\n");

    private final List<Witness> witnesses;
    private final Map<String, Group> groups;
    private final String quorum;
    private final String text;

    private WitnessPolicy(List<Witness> witnesses, Map<String, Group> groups, String quorum, String text) {
        this.witnesses = List.copyOf(witnesses);
        this.groups = Map.copyOf(groups);
        this.quorum = quorum;
        this.text = text;
    }

    public static WitnessPolicy parse(String policy) {
        Map<String, Witness> witnesses = new LinkedHashMap<>();
        Map<String, Group> groups = new HashMap<>();
        String quorum = null;
        StringBuilder text = new StringBuilder();
        int number = 0;
        for (String raw : policy.split("\n")) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("[ \t]+");
            String where = "policy line " + number + ": ";
            switch (words[0]) {
                case "log" -> {
                    continue;
                }
                case "witness" -> {
                    if (words.length < 3 || words.length > 4 || defined(words[1], witnesses, groups)) {
                        throw new IllegalArgumentException(where + "witness <new name> <vkey> [<url>]");
                    }
                    witnesses.put(words[1], new Witness(words[1], Cosignature.Verifier.parse(words[2]),
                            words.length == 4 ? URI.create(words[3]) : null));
                }
                case "group" -> {
                    if (words.length < 4 || defined(words[1], witnesses, groups)) {
                        throw new IllegalArgumentException(where + "group <new name> all|any|<k> <member>…");
                    }
                    List<String> members = List.of(words).subList(3, words.length);
                    if (Set.copyOf(members).size() != members.size()
                            || !members.stream().allMatch(m -> defined(m, witnesses, groups))) {
                        throw new IllegalArgumentException(where + "a group's members are defined above, each once");
                    }
                    int threshold = switch (words[2]) {
                        case "all" -> members.size();
                        case "any" -> 1;
                        default -> Integer.parseInt(words[2]);
                    };
                    if (threshold < 1 || threshold > members.size()) {
                        throw new IllegalArgumentException(where + "a threshold is 1 to the number of members");
                    }
                    groups.put(words[1], new Group(threshold, members));
                }
                case "quorum" -> {
                    if (quorum != null || words.length != 2 || !(words[1].equals("none") || defined(words[1], witnesses, groups))) {
                        throw new IllegalArgumentException(where + "one quorum line, naming none or a witness or group above");
                    }
                    quorum = words[1];
                }
                default -> throw new IllegalArgumentException(where + "not a log, witness, group or quorum line");
            }
            text.append(line).append('\n');
        }
        if (quorum == null) {
            throw new IllegalArgumentException("the policy has no quorum line");
        }
        return new WitnessPolicy(new ArrayList<>(witnesses.values()), groups, quorum, text.toString());
    }

    public List<Witness> witnesses() {
        return witnesses;
    }

    /** Whether cosignatures by these witnesses (by their names in the policy) meet the quorum. */
    public boolean satisfied(Set<String> cosigners) {
        return quorum.equals("none") || witnessed(quorum, cosigners);
    }

    /** The policy's witness, group and quorum lines, as the register publishes them after its own log lines. */
    public String text() {
        return text;
    }

    private boolean witnessed(String name, Set<String> cosigners) {
        Group group = groups.get(name);
        if (group == null) {
            return cosigners.contains(name);
        }
        return group.members().stream().filter(member -> witnessed(member, cosigners)).count() >= group.threshold();
    }

    private static boolean defined(String name, Map<String, Witness> witnesses, Map<String, Group> groups) {
        return !name.equals("none") && (witnesses.containsKey(name) || groups.containsKey(name));
    }
}
