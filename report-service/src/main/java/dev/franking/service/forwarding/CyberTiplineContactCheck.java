package dev.franking.service.forwarding;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Stops the start while an enabled CyberTipline destination exists and the reporting contact
 * ({@code reports.cybertipline.contact-name}, {@code -email}, {@code -phone}) is not configured:
 * every report it would send must name a real person to contact, and the failure belongs at start,
 * not hours later at the first approved forwarding.
 */
@Component
class CyberTiplineContactCheck implements ApplicationRunner {
    private final ForwardingService forwarding;

    CyberTiplineContactCheck(ForwardingService forwarding) {
        this.forwarding = forwarding;
    }

    @Override
    public void run(ApplicationArguments args) {
        check(forwarding);
    }

    static void check(ForwardingService forwarding) {
        if (!forwarding.cyberTiplineContactComplete() && forwarding.anyActiveCyberTipline()) {
            throw new IllegalStateException(
                    "A CyberTipline destination is enabled but reports.cybertipline.contact-name,"
                            + " reports.cybertipline.contact-email and"
                            + " reports.cybertipline.contact-phone are not all set: set them"
                            + " (REPORTS_CYBERTIPLINE_CONTACT_NAME, _EMAIL, _PHONE) or disable the"
                            + " destination");
        }
    }
}
