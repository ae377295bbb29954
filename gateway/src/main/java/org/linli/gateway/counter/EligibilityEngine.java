package org.linli.gateway.counter;

import org.linli.config.canteen.AgeTier;
import org.linli.config.canteen.DailyCap;
import org.linli.config.canteen.Fen;
import org.linli.config.canteen.HardshipTier;
import org.linli.config.canteen.MealWindow;
import org.linli.config.canteen.SubsidyBasis;
import org.linli.config.canteen.SubsidyPolicy;
import org.linli.config.canteen.VerificationMethod;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Decides, offline and in microseconds, whether a meal at the counter is subsidised. Pure: the roster
 * entry, the policy, the member's subsidised meals of the day (from every canteen the gateway has
 * heard of) and the event go in, a {@link Decision} comes out; nothing is recorded here.
 *
 * <p>The checks run in this order, the first that fails giving the reason: the verification method is
 * accepted; a face matched (with at least the policy's score); the member is in the roster; active; the
 * time is in a meal window; no subsidised meal yet in this window (anywhere); residency; a tier applies
 * at the member's age; the daily cap leaves something.
 *
 * <p><b>Tiers</b> do not add up: of all tiers that apply (age tiers by age, hardship tiers by category and
 * age) the one with the largest amount is used. The subsidy never exceeds the meal's price.
 *
 * <p><b>Per-day tiers</b> (Beijing's 5 yuan a day): the day's amount comes off the day's first subsidised
 * meal, up to its price; what is left carries over to the day's later meals, until the day's subsidies
 * reach the amount. A second meal in another window is served at full price once it is used up
 * ({@link ReasonCode#DAILY_CAP_REACHED}).
 */
public final class EligibilityEngine {
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final SubsidyPolicy policy;
    private final Clock clock;
    private final ZoneId zone;

    /**
     * @param policy the site's policy
     * @param clock  the gateway's clock; its zone is the site's zone, in which meal windows and days are
     *               reckoned, and it stamps events that arrive without a time
     */
    public EligibilityEngine(SubsidyPolicy policy, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = clock.getZone();
    }

    /**
     * The member's age in whole years on {@code date}, from the year and month of birth. The day of birth
     * is not kept, so the birthday is taken as the first day of the birth month: someone born in March
     * 1966 is 60 from 1 March 2026 (on 28 February 2026 still 59). This errs, by less than a month, in
     * the elder's favour, and never depends on a day nobody recorded.
     */
    public static int ageOn(YearMonth birth, LocalDate date) {
        int age = date.getYear() - birth.getYear();
        return date.getMonthValue() < birth.getMonthValue() ? age - 1 : age;
    }

    /**
     * Decides one event.
     *
     * @param event      what the terminal reported
     * @param member     the roster entry for {@code event.memberId()}, or null when there is none
     * @param mealsToday the member's subsidised meals recorded so far today, from every canteen; meals
     *                   of other members or other days are ignored
     */
    public Decision decide(CounterEvent event, RosterEntry member, List<SubsidisedMeal> mealsToday) {
        Instant at = event.time() == null ? clock.instant() : event.time();
        LocalDate date = at.atZone(zone).toLocalDate();
        LocalTime time = at.atZone(zone).toLocalTime();
        MealWindow window = policy.windowAt(time).orElse(null);
        long price = window == null ? itemPrice(event.item()) : policy.priceFen(window, event.item());
        Outcome out = new Outcome(event, member, window, price, at);

        if (!policy.verification().contains(event.method())) {
            List<VerificationMethod> allowed = policy.verification().stream().sorted().toList();
            return out.unverified(ReasonCode.METHOD_NOT_ALLOWED, allowed,
                    "本食堂不支持" + event.method().zh() + "，请用" + zh(allowed),
                    event.method().en() + " is not accepted here: use " + en(allowed));
        }
        if (event.method() == VerificationMethod.FACE && (!event.matched() || event.score() < policy.faceMinScore())) {
            List<VerificationMethod> alternatives = policy.nonFaceMethods();
            return out.unverified(ReasonCode.FACE_NOT_MATCHED, alternatives,
                    "人脸未识别，请" + zh(alternatives),
                    "face not matched (score " + event.score() + "): use " + en(alternatives));
        }
        if (member == null || !member.memberId().equals(event.memberId())) {
            return out.refuse(ReasonCode.NOT_IN_ROSTER, "未登记助餐，按原价", "not in the roster: full price");
        }
        if (!member.active()) {
            return out.refuse(ReasonCode.INACTIVE, "助餐资格已停用，按原价", "membership inactive: full price");
        }
        if (window == null) {
            return out.refuse(ReasonCode.OUTSIDE_WINDOW,
                    "不在用餐时段（" + windows(true) + "）", "outside the meal windows (" + windows(false) + ")");
        }
        List<SubsidisedMeal> today = mealsToday.stream()
                .filter(m -> m.memberId().equals(member.memberId()))
                .filter(m -> m.time().atZone(zone).toLocalDate().equals(date))
                .sorted(Comparator.comparing(SubsidisedMeal::time))
                .toList();
        if (policy.oneMealPerWindow()) {
            Optional<SubsidisedMeal> first = today.stream().filter(m -> m.window().equals(window.name())).findFirst();
            if (first.isPresent()) {
                return alreadyHad(out, window, first.get(), event.canteenId());
            }
        }
        if (policy.residencyRequired() && !member.resident()) {
            return out.refuse(ReasonCode.NOT_RESIDENT, "非本地户籍或居住证，按原价", "residency not met: full price");
        }
        int age = ageOn(member.birth(), date);
        Optional<Tier> tier = bestTier(member, age);
        if (tier.isEmpty()) {
            OptionalInt from = youngestQualifyingAge(member);
            if (from.isPresent()) {
                return out.refuse(ReasonCode.UNDER_AGE, "未满 " + from.getAsInt() + " 周岁，按原价",
                        "under " + from.getAsInt() + " (age " + age + "): full price");
            }
            return out.refuse(ReasonCode.NO_TIER, "不在补贴范围，按原价", "no subsidy tier applies: full price");
        }
        return subsidise(out, tier.get(), today);
    }

    private Decision subsidise(Outcome out, Tier tier, List<SubsidisedMeal> today) {
        DailyCap cap = policy.dailyCap();
        long usedToday = today.stream().mapToLong(SubsidisedMeal::subsidyFen).sum();
        if (today.size() >= cap.maxMeals()) {
            return out.refuse(ReasonCode.DAILY_CAP_REACHED, "今日补贴餐次已满（" + cap.maxMeals() + " 餐），按原价",
                    "daily cap of " + cap.maxMeals() + " subsidised meals reached: full price");
        }
        long amount = tier.basis() == SubsidyBasis.DAY ? tier.fen() - usedToday : tier.fen();
        if (cap.limitsSubsidy()) {
            amount = Math.min(amount, cap.maxSubsidyFen() - usedToday);
        }
        amount = Math.min(amount, out.price);
        if (amount <= 0 && out.price > 0) {
            return out.refuse(ReasonCode.DAILY_CAP_REACHED, "今日补贴已用完（已补 " + Fen.yuan(usedToday) + " 元），按原价",
                    "today's subsidy is used up (" + Fen.yuan(usedToday) + " yuan): full price");
        }
        long subsidy = Math.max(0, amount);
        long pay = out.price - subsidy;
        return out.grant(tier.code(), subsidy,
                out.window.label() + "补贴 " + Fen.yuan(subsidy) + " 元，应付 " + Fen.yuan(pay) + " 元",
                out.window.name() + ": subsidy " + Fen.yuan(subsidy) + ", pay " + Fen.yuan(pay) + " yuan");
    }

    private Decision alreadyHad(Outcome out, MealWindow window, SubsidisedMeal first, String canteenId) {
        String hhmm = HH_MM.format(first.time().atZone(zone));
        if (first.canteenId().equals(canteenId)) {
            return out.refuse(ReasonCode.ALREADY_HAD_MEAL, "本时段已用餐（" + hhmm + "）",
                    "already had " + window.name() + " at " + hhmm);
        }
        return out.refuse(ReasonCode.ALREADY_HAD_MEAL, "本时段已用餐（" + hhmm + "，" + first.canteenId() + "）",
                "already had " + window.name() + " at " + hhmm + " in " + first.canteenId());
    }

    /** A tier that applies to one member, age or hardship. */
    private record Tier(String code, long fen, SubsidyBasis basis) {
    }

    private Optional<Tier> bestTier(RosterEntry member, int age) {
        Optional<Tier> byAge = policy.ageTiers().stream()
                .filter(t -> age >= t.minAge())
                .map(t -> new Tier(t.code(), t.subsidyFen(), t.basis()))
                .max(Comparator.comparingLong(Tier::fen));
        Optional<Tier> byHardship = policy.hardshipTiers().stream()
                .filter(t -> t.category().equals(member.hardshipCategory()) && age >= t.minAge())
                .map(t -> new Tier(t.code(), t.subsidyFen(), t.basis()))
                .max(Comparator.comparingLong(Tier::fen));
        // A hardship tier wins a tie: it is the more specific rule.
        return byHardship.isPresent() && (byAge.isEmpty() || byHardship.get().fen() >= byAge.get().fen())
                ? byHardship : byAge;
    }

    private OptionalInt youngestQualifyingAge(RosterEntry member) {
        return IntStream.concat(policy.ageTiers().stream().mapToInt(AgeTier::minAge),
                policy.hardshipTiers().stream()
                        .filter(t -> t.category().equals(member.hardshipCategory()))
                        .mapToInt(HardshipTier::minAge)).min();
    }

    private long itemPrice(String item) {
        return item == null ? 0 : policy.itemPricesFen().getOrDefault(item, 0L);
    }

    private String windows(boolean chinese) {
        return policy.windows().stream()
                .map(w -> (chinese ? w.label() + " " : w.name() + " ") + w.from() + "–" + w.to())
                .collect(Collectors.joining(chinese ? "，" : ", "));
    }

    private static String zh(List<VerificationMethod> methods) {
        return methods.stream().map(VerificationMethod::zh).collect(Collectors.joining("、"));
    }

    private static String en(List<VerificationMethod> methods) {
        return methods.stream().map(VerificationMethod::en).collect(Collectors.joining(", "));
    }

    /** What every decision for one event shares. */
    private static final class Outcome {
        private final CounterEvent event;
        private final RosterEntry member;
        private final MealWindow window;
        private final long price;
        private final Instant at;

        Outcome(CounterEvent event, RosterEntry member, MealWindow window, long price, Instant at) {
            this.event = event;
            this.member = member;
            this.window = window;
            this.price = price;
            this.at = at;
        }

        /** Nobody is proven to be here: the decision names no member, whatever the terminal guessed. */
        Decision unverified(ReasonCode reason, List<VerificationMethod> alternatives, String zh, String en) {
            return new Decision(false, reason, null, event.canteenId(), event.method(), windowName(), null,
                    price, 0, price, alternatives, at, zh, en);
        }

        Decision refuse(ReasonCode reason, String zh, String en) {
            return new Decision(false, reason, memberId(), event.canteenId(), event.method(), windowName(), null,
                    price, 0, price, List.of(), at, zh, en);
        }

        Decision grant(String tier, long subsidy, String zh, String en) {
            return new Decision(true, ReasonCode.OK, memberId(), event.canteenId(), event.method(), windowName(), tier,
                    price, subsidy, price - subsidy, List.of(), at, zh, en);
        }

        private String memberId() {
            return member != null ? member.memberId() : event.memberId();
        }

        private String windowName() {
            return window == null ? null : window.name();
        }
    }
}
