package io.almengine.view;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The free-text search's pruning never rules out a text that contains the search, and does rule out most others. */
class TrigramsTest {

    @Test
    void everySubstringOfATextIsSaidToBePossiblyContained() {
        var random = new Random(7);
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-. 连接中断来源集群";
        for (int round = 0; round < 2000; round++) {
            var text = new StringBuilder();
            int length = 1 + random.nextInt(200);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            Trigrams whole = Trigrams.of(text.toString());
            int from = random.nextInt(length);
            int to = from + random.nextInt(length - from + 1);
            String part = text.substring(from, to);
            assertTrue(whole.mayContain(Trigrams.of(part)), "'" + text + "' contains '" + part + "'");
        }
    }

    @Test
    void aSearchShorterThanThreeCharactersRulesNothingOut() {
        assertTrue(Trigrams.of("flume client 10.0.0.1").mayContain(Trigrams.of("zq")));
    }

    @Test
    void aTextWithoutTheSearchsTrigramsIsRuledOut() {
        Trigrams alarm = Trigrams.of("1001\nhacluster\n10.0.0.1\nagent-1\npaged the network team about rack 3\n");
        assertFalse(alarm.mayContain(Trigrams.of("rack-42")));
        assertTrue(alarm.mayContain(Trigrams.of("rack 3")));
    }
}
