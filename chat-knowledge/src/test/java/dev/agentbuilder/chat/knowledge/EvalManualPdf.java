package dev.agentbuilder.chat.knowledge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Writes the evaluation set's product manual, {@code src/test/resources/eval/manual.pdf}: run once, and commit the PDF
 * it makes. Headings in bold, paragraphs wrapped to the page as a word processor would, several pages. The text is
 * here, so the PDF can be made again after a change:
 * {@code java -cp <test classpath> dev.agentbuilder.chat.knowledge.EvalManualPdf chat-knowledge/src/test/resources/eval/manual.pdf}.
 */
final class EvalManualPdf {

    private static final PDType1Font BODY = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private static final PDType1Font BOLD = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private static final float MARGIN = 56;
    private static final float BODY_SIZE = 10.5f;
    private static final float LEADING = 14;

    /** Paragraphs; a line starting with "# " is a heading. */
    static final String TEXT = """
            # Aurora X2 Espresso Machine: User Manual
            Model AX2. Read this manual before first use and keep it for later. Brightwell Appliances Ltd.
            # 1. Safety
            Connect the machine only to an earthed socket of 220 to 240 volts. Never immerse the machine, its cable or its plug in water. Do not let children use the machine without supervision.
            The steam wand, the group head and the portafilter get very hot. Hold the portafilter by its handle only, and never point the steam wand at people.
            # 2. In the box
            The box contains the Aurora X2 machine, a double-spout portafilter, single and double baskets, two pressurised baskets for pre-ground coffee, a 350 ml milk jug, a 58 mm tamper, a water filter cartridge and a descaling tablet.
            # 3. First use
            Remove all packaging and rinse the water tank. Soak the water filter cartridge in cold water for five minutes, then screw it into the holder at the bottom of the tank.
            Fill the tank with fresh cold water up to the MAX line (2.1 litres) and slide it back in until it clicks. Press the power button: the lights blink while the boiler heats up, which takes about 90 seconds. When all lights are steady, the machine is ready.
            Before your first coffee, run two full tanks of water through the group head and the steam wand to flush the system.
            # 4. Making espresso
            Put 18 grams of freshly ground coffee in the double basket, or 9 grams in the single basket. Level the coffee and tamp it with about 15 kilograms of pressure until the surface is flat and polished.
            Lock the portafilter into the group head by turning it to the right until the handle points forward. Press the double cup button for a double shot of about 36 grams in 25 to 30 seconds.
            The brew temperature is set to 93 degrees Celsius. You can change it in three steps: hold the single cup button for five seconds, then press the single cup button for 91, the double cup button for 93, or the steam button for 95 degrees.
            # 5. Steaming milk
            Press the steam button and wait until the steam light is steady. Purge the wand into the drip tray for two seconds. Put the tip of the wand just below the surface of cold milk, tilt the jug and open the steam knob fully.
            Stop steaming when the jug is too hot to hold, at around 60 to 65 degrees Celsius. Wipe the wand with a damp cloth and purge it again straight away, so that milk does not dry inside the tip.
            # 6. Cleaning
            Empty the drip tray and the used coffee every day. The red float in the drip tray rises when the tray is full. Rinse the portafilter and baskets under hot water after use.
            Once a week, backflush the group head: put the blind disc in the portafilter with one cleaning tablet, lock it in, and run the cleaning programme by holding both cup buttons for three seconds. The programme takes about four minutes.
            The drip tray, the water tank and the milk jug can go in the dishwasher. The portafilter and the baskets must be washed by hand.
            # 7. Descaling
            Descale the machine every two months if you use the water filter, and every month without it. The descale light turns orange when it is time.
            To descale, dissolve one descaling tablet in a full tank of warm water, remove the water filter, and hold the steam button and the double cup button together for five seconds. The machine runs the descaling programme for about 25 minutes, in pauses. Then rinse the tank, fill it with fresh water and run it through to clear the descaler.
            # 8. Troubleshooting
            No water comes out: check that the tank is seated correctly and that the water filter is not blocked. If the pump sounds loud, the tank may be empty.
            Coffee is too cold: preheat your cup with hot water and let the machine warm up for at least 15 minutes before the first shot.
            All lights are flashing: the machine has overheated or detected a fault. Switch it off, unplug it, wait ten minutes and switch it on again. If the lights keep flashing, contact customer care with the error code on the display.
            Error E4 means the boiler temperature sensor has failed; the machine must be repaired by an authorised service partner.
            # 9. Energy saving
            The machine switches to standby after 30 minutes without use. You can change this to 15 or 60 minutes: hold the power button for five seconds, then press the single cup button for 15 minutes, the double cup button for 30, or the steam button for 60. In standby, the machine uses less than 0.5 watts.
            # 10. Technical data
            Power: 1,450 watts. Pump pressure: 15 bar. Water tank: 2.1 litres. Weight: 7.2 kilograms. Dimensions: 28 x 33 x 38 centimetres (width x depth x height). Cable length: 1.1 metres.
            """;

    private EvalManualPdf() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "chat-knowledge/src/test/resources/eval/manual.pdf");
        Files.write(out, pdf());
        System.out.println("wrote " + out);
    }

    static byte[] pdf() throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDDocumentInformation info = new PDDocumentInformation();
            info.setTitle("Aurora X2 Espresso Machine: User Manual");
            info.setAuthor("Brightwell Appliances Ltd");
            document.setDocumentInformation(info);
            Writer writer = new Writer(document);
            for (String paragraph : TEXT.split("\n")) {
                if (paragraph.startsWith("# ")) {
                    writer.paragraph(paragraph.substring(2), BOLD, 13);
                } else if (!paragraph.isBlank()) {
                    writer.paragraph(paragraph, BODY, BODY_SIZE);
                }
            }
            writer.close();
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            document.save(bytes);
            return bytes.toByteArray();
        }
    }

    /** Lays paragraphs out on A4 pages, a new page when one is full. */
    private static final class Writer {
        private final PDDocument document;
        private PDPageContentStream content;
        private float y;

        Writer(PDDocument document) {
            this.document = document;
        }

        void paragraph(String text, PDType1Font font, float size) throws IOException {
            List<String> lines = wrap(text, font, size, PDRectangle.A4.getWidth() - 2 * MARGIN);
            if (content == null || y - lines.size() * LEADING < MARGIN) {
                newPage();
            }
            content.beginText();
            content.setFont(font, size);
            content.newLineAtOffset(MARGIN, y);
            for (String line : lines) {
                content.showText(line);
                content.newLineAtOffset(0, -LEADING);
            }
            content.endText();
            y -= lines.size() * LEADING + LEADING * 0.8f;
        }

        void close() throws IOException {
            if (content != null) {
                content.close();
            }
        }

        private void newPage() throws IOException {
            close();
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            content = new PDPageContentStream(document, page);
            y = PDRectangle.A4.getHeight() - MARGIN;
        }

        private static List<String> wrap(String text, PDType1Font font, float size, float width) throws IOException {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String word : text.split(" ")) {
                String candidate = line.isEmpty() ? word : line + " " + word;
                if (font.getStringWidth(candidate) / 1000 * size > width && !line.isEmpty()) {
                    lines.add(line.toString());
                    line = new StringBuilder(word);
                } else {
                    line = new StringBuilder(candidate);
                }
            }
            lines.add(line.toString());
            return lines;
        }
    }
}
