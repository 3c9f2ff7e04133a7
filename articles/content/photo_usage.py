"""Which photos of the library nothing uses, so they may be listed ("chưa dùng") and removed.

A photo is used while anything points at it — an article's cover, body or
photo story, an author's portrait, any future relation to Photo — or while a
kept revision (django-reversion) of any record names it: an article's old
body holds ``data-photo-id="N"``, its old cover ``"cover_photo": N``, an old
photo-story item ``"photo": N``. Restoring that revision must find the photo.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import BooleanField, Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from articles.content.stored_files import delete_files
from articles.models import Photo

# Serialized revisions are JSON text: the body's quotes are escaped (\"), numbers follow ": ".
_IN_REVISIONS = RawSQL(
    """EXISTS (
        SELECT 1 FROM reversion_version v
        WHERE strpos(v.serialized_data, 'data-photo-id=\\"' || "articles_photo"."id" || '\\"') > 0
           OR v.serialized_data ~ ('"(cover_photo|photo|portrait)": ' || "articles_photo"."id" || '[,}]')
    )""",
    (),
    output_field=BooleanField(),
)


def _live_relations() -> Q:
    """Any row of any model with a foreign key (or many-to-many table) pointing at the photo."""
    condition = Q()
    for relation in Photo._meta.get_fields(include_hidden=True):
        if relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one):
            pointing = relation.related_model._default_manager.filter(**{relation.field.name: OuterRef("pk")})
            condition |= Q(Exists(pointing))
    return condition


def unused(photos):
    """The photos of ``photos`` nothing uses now and no kept revision names."""
    return photos.exclude(_live_relations()).alias(in_revisions=_IN_REVISIONS).filter(in_revisions=False)


def used(photos):
    return photos.alias(in_revisions=_IN_REVISIONS).filter(_live_relations() | Q(in_revisions=True))


def remove_unused_photos(*, older_than_days: int, dry_run: bool = False) -> list[Photo]:
    """Delete the unused photos uploaded more than ``older_than_days`` days ago, with their files; return them.

    The rows are locked and checked again inside the transaction, so a photo an editor inserts meanwhile is
    kept; files go once the deletion commits.
    """
    cutoff = timezone.now() - timedelta(days=older_than_days)
    with transaction.atomic():
        candidates = Photo.objects.filter(uploaded_at__lt=cutoff).select_for_update().values_list("pk", flat=True)
        doomed = list(unused(Photo.objects.filter(pk__in=list(candidates))).order_by("uploaded_at"))
        if dry_run or not doomed:
            return doomed
        names = [name for photo in doomed for name in [photo.image.name, *photo.renditions.values()] if name]
        Photo.objects.filter(pk__in=[photo.pk for photo in doomed]).delete()
        transaction.on_commit(lambda: delete_files(names))
    return doomed
