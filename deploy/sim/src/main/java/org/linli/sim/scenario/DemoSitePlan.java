package org.linli.sim.scenario;

import org.linli.config.ConfigException;
import org.linli.config.SiteLoader;
import org.linli.config.Site;
import org.linli.config.Space;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's site plan, drawn when the demo starts (never committed): a made-up block of residential
 * buildings with roads, and each public space of the site as an area in the colour of its kind (plazas
 * paved, green spaces green, fire lanes striped red). Writes the PNG and, beside it, where each space is
 * ({@code space x y} per line, fractions of the width and height from the top left), which
 * deploy/local/demo.sh uploads and places through the cloud's API like an admin would. No text is drawn
 * (the map labels the markers), so no font is needed on a headless host.
 *
 * <p>{@code java -cp linli-sim.jar org.linli.sim.scenario.DemoSitePlan SITE.yaml OUT.png OUT.positions}
 */
public final class DemoSitePlan {
    private static final Logger LOG = LoggerFactory.getLogger(DemoSitePlan.class);
    static final int WIDTH = 1200;
    static final int HEIGHT = 800;
    /** Where the areas go, in order: centre x, centre y, width, height (pixels). */
    private static final int[][] SLOTS = {
            {330, 420, 220, 180}, {760, 200, 60, 170}, {860, 600, 280, 150}, {170, 170, 160, 110},
            {1040, 170, 160, 120}, {560, 660, 180, 90}, {560, 160, 120, 90}, {1060, 420, 130, 110}};

    private DemoSitePlan() {
    }

    /** One space's area on the plan. */
    record Area(Space space, int cx, int cy, int w, int h) {
        double x() {
            return (double) cx / WIDTH;
        }

        double y() {
            return (double) cy / HEIGHT;
        }
    }

    /** The areas of the site's spaces (at most as many as there are slots; the rest stay unplaced). */
    static List<Area> layout(Site site) {
        List<Area> out = new ArrayList<>();
        for (int i = 0; i < site.spaces().size() && i < SLOTS.length; i++) {
            int[] s = SLOTS[i];
            out.add(new Area(site.spaces().get(i), s[0], s[1], s[2], s[3]));
        }
        return out;
    }

    /** The plan as PNG bytes. */
    static byte[] png(List<Area> areas) throws IOException {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0xf3f0e6));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(new Color(0xffffff));
        g.fillRect(0, 300, WIDTH, 36);
        g.fillRect(640, 0, 36, HEIGHT);
        g.setColor(new Color(0xb8bcc2));
        for (int bx = 60; bx < WIDTH - 100; bx += 150) {
            for (int by : new int[] {40, 360, 520}) {
                boolean onRoad = bx < 676 && bx + 110 > 640;
                if (!onRoad && !overlaps(areas, bx, by, 110, 70)) {
                    g.fillRect(bx, by, 110, 70);
                }
            }
        }
        for (Area a : areas) {
            int x = a.cx() - a.w() / 2;
            int y = a.cy() - a.h() / 2;
            switch (a.space().kind()) {
                case GREEN_SPACE, FITNESS_CORNER -> g.setColor(new Color(0xb7d9a8));
                case FIRE_LANE -> g.setColor(new Color(0xf6d5d2));
                case PARKING -> g.setColor(new Color(0xd5dbe3));
                default -> g.setColor(new Color(0xe6dcc6));
            }
            g.fillRoundRect(x, y, a.w(), a.h(), 16, 16);
            if (a.space().kind() == org.linli.config.SpaceKind.FIRE_LANE) {
                g.setColor(new Color(0xc0392b));
                g.setStroke(new BasicStroke(3));
                for (int sy = y + 10; sy < y + a.h() - 10; sy += 24) {
                    g.drawLine(x + 8, sy, x + a.w() - 8, sy + 12);
                }
            }
            g.setColor(new Color(0x7a7f87));
            g.setStroke(new BasicStroke(2));
            g.drawRoundRect(x, y, a.w(), a.h(), 16, 16);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static boolean overlaps(List<Area> areas, int x, int y, int w, int h) {
        for (Area a : areas) {
            int ax = a.cx() - a.w() / 2 - 10;
            int ay = a.cy() - a.h() / 2 - 10;
            if (x < ax + a.w() + 20 && ax < x + w && y < ay + a.h() + 20 && ay < y + h) {
                return true;
            }
        }
        return false;
    }

    /** The positions file: {@code space x y} per line. */
    static String positions(List<Area> areas) {
        Map<String, String> lines = new LinkedHashMap<>();
        areas.forEach(a -> lines.put(a.space().id(), String.format(java.util.Locale.ROOT, "%s %.4f %.4f", a.space().id(), a.x(), a.y())));
        return String.join("\n", lines.values()) + "\n";
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            LOG.error("usage: java -cp linli-sim.jar {} SITE.yaml OUT.png OUT.positions", DemoSitePlan.class.getName());
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        try {
            Site site = SiteLoader.load(Path.of(args[0]));
            List<Area> areas = layout(site);
            Files.write(Path.of(args[1]), png(areas));
            Files.writeString(Path.of(args[2]), positions(areas), StandardCharsets.UTF_8);
            LOG.info("site plan of {} drawn: {} ({}x{}), {} spaces placed in {}", site.id(), args[1], WIDTH, HEIGHT, areas.size(), args[2]);
        } catch (ConfigException e) {
            LOG.error("the site file cannot be used:\n{}", e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            LOG.error("the site plan cannot be written: {}", e.toString());
            System.exit(1);
        }
    }
}
