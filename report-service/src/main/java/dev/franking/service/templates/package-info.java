/**
 * Decision templates (issue 14): a ground and facts admins keep for frequent decisions. Owner of
 * the {@code decision_templates} table, the first back-office aggregate kept through Hibernate and
 * Spring Data JPA with {@code @Version} optimistic locking; everything else stays on JdbcClient.
 */
package dev.franking.service.templates;
