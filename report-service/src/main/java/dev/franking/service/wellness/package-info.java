/**
 * Wellness (issue 14): each moderator's display settings (blur strength, greyscale, autoplay), the
 * owner of the {@code moderator_settings} table, a back-office aggregate kept through Hibernate and
 * Spring Data JPA with {@code @Version} optimistic locking; and the daily count of content views,
 * read from the audit log through its owner.
 */
package dev.franking.service.wellness;
