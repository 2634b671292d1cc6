/**
 * Moderators' passkeys (issue 14: a second factor after the password). Owner of the {@code
 * user_entities} and {@code user_credentials} tables, which Spring Security's JDBC repositories
 * read and write; this package wraps them so that labels are cut to their column and each
 * registration and removal is an audit row.
 */
package dev.franking.service.passkeys;
